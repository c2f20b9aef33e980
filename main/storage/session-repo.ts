import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { formatIssues, issuesMessage } from '../../contract/issues';
import { Id, Session, SessionDraft, type SessionDraftInput, type SessionSummary } from '../../contract/session';
import type { Db } from './migrations/types';
import { consoleLog, type Log } from '../log';

export interface SessionRepoOptions {
  /** Where unreadable rows are reported; defaults to console.warn. */
  log?: Log;
  /** Clock and id source, injectable so tests can control them. */
  now?: () => Date;
  newId?: () => string;
}

export interface SessionRepo {
  /** Newest first; `query` matches name, intention or any tag, case-insensitively. */
  list(query?: string): SessionSummary[];
  get(id: string): Session;
  create(draft: SessionDraftInput): Session;
  update(id: string, draft: SessionDraftInput): Session;
  delete(id: string): void;
}

interface SessionRow {
  id: string;
  name: string;
  intention: string;
  tags: string;
  program: string;
  duration_sec: number;
  volume: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, intention, tags, program, duration_sec, volume, created_at, updated_at';

function parseDraft(draft: SessionDraftInput): SessionDraft {
  const r = SessionDraft.safeParse(draft);
  if (!r.success) throw new KoruError('BAD_INPUT', `Invalid session: ${issuesMessage(r.error)}`, formatIssues(r.error).details);
  return r.data;
}

function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new KoruError('BAD_INPUT', `Invalid session id ${JSON.stringify(id)}.`);
  return id;
}

/** Re-validate a stored row against the contract: the file may have been edited by hand. */
function rowToSession(row: SessionRow): Session {
  let tags: unknown;
  let program: unknown;
  try {
    tags = JSON.parse(row.tags);
    program = JSON.parse(row.program);
  } catch (err) {
    throw new KoruError('STORAGE', `Stored session ${row.id} is unreadable: ${(err as Error).message}`, { id: row.id });
  }
  const r = Session.safeParse({
    id: row.id,
    name: row.name,
    intention: row.intention,
    tags,
    program,
    durationSec: row.duration_sec,
    volume: row.volume,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  if (!r.success) {
    throw new KoruError('STORAGE', `Stored session ${row.id} is invalid: ${issuesMessage(r.error)}`, { id: row.id, issues: formatIssues(r.error).details });
  }
  return r.data;
}

function matches(s: Session, needle: string): boolean {
  const has = (text: string) => text.toLocaleLowerCase().includes(needle);
  return has(s.name) || has(s.intention) || s.tags.some(has);
}

export function createSessionRepo(db: Db, opts: SessionRepoOptions = {}): SessionRepo {
  const log = opts.log ?? consoleLog;
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;

  // Strictly increasing stamps within this process, so "newest first" is well defined even when
  // two writes land in the same millisecond.
  let lastStamp = 0;
  const stamp = (): string => {
    lastStamp = Math.max(now().getTime(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  const selectAll = db.prepare<[], SessionRow>(`SELECT ${COLUMNS} FROM sessions ORDER BY updated_at DESC, rowid DESC`);
  const selectOne = db.prepare<[string], SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO sessions (${COLUMNS})
     VALUES (@id, @name, @intention, @tags, @program, @durationSec, @volume, @createdAt, @updatedAt)`,
  );
  const updateRow = db.prepare(
    `UPDATE sessions SET name = @name, intention = @intention, tags = @tags, program = @program,
       duration_sec = @durationSec, volume = @volume, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const deleteRow = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');

  const toParams = (s: Session) => ({ ...s, tags: JSON.stringify(s.tags), program: JSON.stringify(s.program) });

  const notFound = (id: string) => new KoruError('NOT_FOUND', `No session with id ${id}.`, { id });

  /** Every write runs in one transaction; driver errors become STORAGE errors naming the session. */
  const inTransaction = <T>(id: string, fn: () => T): T => {
    try {
      return db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof KoruError) throw err;
      throw new KoruError('STORAGE', `Could not write session ${id}: ${(err as Error).message}`, { id });
    }
  };

  return {
    list(query) {
      const needle = query?.trim().toLocaleLowerCase() ?? '';
      const out: SessionSummary[] = [];
      for (const row of selectAll.all()) {
        let s: Session;
        try {
          s = rowToSession(row);
        } catch (err) {
          // One damaged row must not hide the whole library.
          log('warn', `skipping session ${row.id}: ${(err as Error).message}`, { id: row.id });
          continue;
        }
        if (needle && !matches(s, needle)) continue;
        out.push({ id: s.id, name: s.name, intention: s.intention, tags: s.tags, durationSec: s.durationSec, updatedAt: s.updatedAt });
      }
      return out;
    },

    get(id) {
      const row = selectOne.get(checkId(id));
      if (!row) throw notFound(id);
      return rowToSession(row);
    },

    create(draft) {
      const d = parseDraft(draft);
      const at = stamp();
      const session: Session = { ...d, id: checkId(newId()), createdAt: at, updatedAt: at };
      inTransaction(session.id, () => insert.run(toParams(session)));
      return session;
    },

    update(id, draft) {
      const d = parseDraft(draft);
      checkId(id);
      return inTransaction(id, () => {
        const existing = selectOne.get(id);
        if (!existing) throw notFound(id);
        const session: Session = { ...d, id, createdAt: existing.created_at, updatedAt: stamp() };
        updateRow.run(toParams(session));
        return session;
      });
    },

    delete(id) {
      checkId(id);
      inTransaction(id, () => {
        if (deleteRow.run(id).changes !== 1) throw notFound(id);
      });
    },
  };
}
