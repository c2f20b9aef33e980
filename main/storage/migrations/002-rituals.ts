import type { Migration } from './types';

/**
 * Rituals, their narration segments and the speech cache.
 *
 * - `rituals` keeps the request and script as JSON plus `script_text` (the sections' words, flat)
 *   so FTS5 can index it, and `minutes` beside it so the library list never parses JSON; `rituals_fts` is an external-content index kept in step by triggers.
 * - `ritual_segments` maps a ritual's narration segments, in order, to cache hashes (several
 *   rituals may share one file; delete removes a file only when no other row names it).
 * - `segment_cache` indexes the content-addressed speech files: hash of (provider, model, voice,
 *   settings, text) → file, its rate and length.
 */
export const migration002: Migration = {
  version: 2,
  name: 'rituals',
  up(db) {
    db.exec(`
      CREATE TABLE rituals (
        id             TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
        intention      TEXT NOT NULL,
        minutes        REAL NOT NULL CHECK (minutes > 0),
        request        TEXT NOT NULL CHECK (CASE WHEN json_valid(request) THEN json_type(request) = 'object' ELSE 0 END),
        script         TEXT CHECK (script IS NULL OR (CASE WHEN json_valid(script) THEN json_type(script) = 'object' ELSE 0 END)),
        script_text    TEXT NOT NULL DEFAULT '',
        status         TEXT NOT NULL CHECK (status IN ('writing', 'voicing', 'ready', 'failed', 'cancelled')),
        error          TEXT,
        segments_done  INTEGER NOT NULL DEFAULT 0 CHECK (segments_done >= 0),
        segments_total INTEGER NOT NULL DEFAULT 0 CHECK (segments_total >= 0),
        speech         TEXT CHECK (speech IS NULL OR json_valid(speech)),
        duration_sec   REAL NOT NULL DEFAULT 0 CHECK (duration_sec >= 0),
        created_at     TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at     TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
      ) STRICT;
      CREATE INDEX rituals_by_created_at ON rituals (created_at);

      CREATE VIRTUAL TABLE rituals_fts USING fts5(
        title, intention, script_text,
        content = 'rituals', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER rituals_fts_ai AFTER INSERT ON rituals BEGIN
        INSERT INTO rituals_fts (rowid, title, intention, script_text) VALUES (new.rowid, new.title, new.intention, new.script_text);
      END;
      CREATE TRIGGER rituals_fts_ad AFTER DELETE ON rituals BEGIN
        INSERT INTO rituals_fts (rituals_fts, rowid, title, intention, script_text) VALUES ('delete', old.rowid, old.title, old.intention, old.script_text);
      END;
      CREATE TRIGGER rituals_fts_au AFTER UPDATE OF title, intention, script_text ON rituals BEGIN
        INSERT INTO rituals_fts (rituals_fts, rowid, title, intention, script_text) VALUES ('delete', old.rowid, old.title, old.intention, old.script_text);
        INSERT INTO rituals_fts (rowid, title, intention, script_text) VALUES (new.rowid, new.title, new.intention, new.script_text);
      END;

      CREATE TABLE segment_cache (
        hash        TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
        path        TEXT NOT NULL,
        provider    TEXT NOT NULL,
        model       TEXT NOT NULL,
        voice       TEXT NOT NULL,
        sample_rate INTEGER NOT NULL CHECK (sample_rate BETWEEN 8000 AND 384000),
        samples     INTEGER NOT NULL CHECK (samples >= 0),
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ritual_segments (
        ritual_id TEXT NOT NULL REFERENCES rituals (id) ON DELETE CASCADE,
        idx       INTEGER NOT NULL CHECK (idx >= 0),
        section   INTEGER NOT NULL CHECK (section >= 0),
        text      TEXT NOT NULL,
        pause_sec REAL NOT NULL CHECK (pause_sec >= 0),
        hash      TEXT,
        PRIMARY KEY (ritual_id, idx)
      ) STRICT;
      CREATE INDEX ritual_segments_by_hash ON ritual_segments (hash);
    `);
  },
};
