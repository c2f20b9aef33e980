import type Database from 'better-sqlite3';

/** An open Koru database (better-sqlite3, synchronous). */
export type Db = Database.Database;

/**
 * One schema step. `up` runs inside the same transaction as the `user_version` bump, so it must
 * not open its own transaction or change connection-level pragmas (foreign_keys, journal_mode).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}
