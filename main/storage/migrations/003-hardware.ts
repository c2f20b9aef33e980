import type { Migration } from './types';

/**
 * Amplifier settings as one JSON document (a new field needs no migration; the contract's
 * defaults fill it in), and an optional amplifier profile per session, deleted with its session.
 */
export const migration003: Migration = {
  version: 3,
  name: 'hardware',
  up(db) {
    db.exec(`
      CREATE TABLE amp_settings (
        id    INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        value TEXT NOT NULL
              CHECK (CASE WHEN json_valid(value) THEN json_type(value) = 'object' ELSE 0 END)
      ) STRICT;

      CREATE TABLE amp_profiles (
        session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        profile    TEXT NOT NULL
                   CHECK (CASE WHEN json_valid(profile) THEN json_type(profile) = 'object' ELSE 0 END)
      ) STRICT;
    `);
  },
};
