import { migration001 } from './001-initial';
import { migration002 } from './002-rituals';
import { migration003 } from './003-hardware';
import { migration004 } from './004-jobs';
import { migration005 } from './005-practice';
import { migration006 } from './006-schedules';
import { migration007 } from './007-stories';
import { migration008 } from './008-dubbing';
import { migration009 } from './009-assistant';
import type { Migration } from './types';

export type { Db, Migration } from './types';

/** Every schema step, in order. Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];

/** The newest schema this build understands. */
export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;
