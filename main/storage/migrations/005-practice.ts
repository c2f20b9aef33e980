import type { Migration } from './types';

/**
 * Mantra practice (main/practice): your own mantras (the starter set lives in resources/, not
 * here), each mantra's practice settings and mala position, and one row per mantra and day with
 * that day's count, completed rounds and dedication. Counts and state name a mantra by id
 * without a foreign key, since starter mantras have no row; deleting your mantra removes them
 * in the same transaction (practice-repo.ts).
 */
export const migration005: Migration = {
  version: 5,
  name: 'practice',
  up(db) {
    db.exec(`
      CREATE TABLE mantras (
        id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        language   TEXT NOT NULL CHECK (length(language) BETWEEN 1 AND 40),
        tradition  TEXT NOT NULL CHECK (length(tradition) BETWEEN 1 AND 80),
        meaning    TEXT NOT NULL DEFAULT '' CHECK (length(meaning) <= 2000),
        created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
      ) STRICT;
      CREATE INDEX mantras_by_created ON mantras (created_at);

      CREATE TABLE practice_state (
        mantra_id TEXT PRIMARY KEY NOT NULL CHECK (length(mantra_id) BETWEEN 1 AND 64),
        settings  TEXT CHECK (settings IS NULL OR (json_valid(settings) AND json_type(settings) = 'object')),
        bead      INTEGER NOT NULL DEFAULT 0 CHECK (bead >= 0)
      ) STRICT;

      CREATE TABLE practice_days (
        mantra_id  TEXT NOT NULL CHECK (length(mantra_id) BETWEEN 1 AND 64),
        day        TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        count      INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
        rounds     INTEGER NOT NULL DEFAULT 0 CHECK (rounds >= 0),
        dedication TEXT CHECK (dedication IS NULL OR length(dedication) BETWEEN 1 AND 2000),
        PRIMARY KEY (mantra_id, day)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
