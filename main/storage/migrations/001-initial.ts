import type { Migration } from './types';

/**
 * Settings as one JSON value per key (a new setting needs no migration), and sessions with their
 * program stored as JSON. STRICT tables refuse values of the wrong type; the CHECKs are the cheap
 * invariants the contract also enforces, so a hand-edited row fails loudly at write time.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;

      CREATE TABLE sessions (
        id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
        intention    TEXT NOT NULL DEFAULT '',
        -- CASE, not AND: json_type() on malformed JSON raises an error instead of failing the CHECK
        tags         TEXT NOT NULL DEFAULT '[]'
                     CHECK (CASE WHEN json_valid(tags) THEN json_type(tags) = 'array' ELSE 0 END),
        program      TEXT NOT NULL
                     CHECK (CASE WHEN json_valid(program) THEN json_type(program) = 'object' ELSE 0 END),
        duration_sec REAL NOT NULL CHECK (duration_sec > 0),
        volume       REAL NOT NULL CHECK (volume BETWEEN 0 AND 1),
        created_at   TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at   TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
      ) STRICT;

      -- The library lists newest first, ties broken by rowid. Ascending on purpose: SQLite walks it
      -- backwards for ORDER BY updated_at DESC, rowid DESC with no sort step.
      CREATE INDEX sessions_by_updated_at ON sessions (updated_at);
    `);
  },
};
