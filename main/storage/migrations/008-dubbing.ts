import type { Migration } from './types';

/**
 * Dubbing (main/dubbing): one row per dub (its request, the decoded source's facts and waveform
 * overview, status) and one per segment (source times and text, the translation, the voiced
 * speech's cache hash, and how it was fitted into its slot). Segments go with their dub.
 */
export const migration008: Migration = {
  version: 8,
  name: 'dubbing',
  up(db) {
    db.exec(`
      CREATE TABLE dubs (
        id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
        request         TEXT NOT NULL CHECK (json_valid(request) AND json_type(request) = 'object'),
        status          TEXT NOT NULL CHECK (status IN ('working', 'ready', 'failed', 'cancelled')),
        error           TEXT,
        source          TEXT CHECK (source IS NULL OR (json_valid(source) AND json_type(source) = 'object')),
        source_language TEXT CHECK (source_language IS NULL OR length(source_language) BETWEEN 1 AND 40),
        peaks           TEXT CHECK (peaks IS NULL OR (json_valid(peaks) AND json_type(peaks) = 'array')),
        created_at      TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at      TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
      ) STRICT;
      CREATE INDEX dubs_by_created ON dubs (created_at);

      CREATE TABLE dub_segments (
        dub_id       TEXT NOT NULL REFERENCES dubs (id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL CHECK (idx >= 0),
        source_start REAL NOT NULL CHECK (source_start >= 0),
        source_end   REAL NOT NULL CHECK (source_end >= source_start),
        source_text  TEXT NOT NULL CHECK (length(source_text) BETWEEN 1 AND 2000),
        target_text  TEXT CHECK (target_text IS NULL OR length(target_text) BETWEEN 1 AND 2000),
        speaker      TEXT CHECK (speaker IS NULL OR length(speaker) BETWEEN 1 AND 64),
        speech_hash  TEXT CHECK (speech_hash IS NULL OR length(speech_hash) = 64),
        fit          TEXT CHECK (fit IS NULL OR (json_valid(fit) AND json_type(fit) = 'object')),
        PRIMARY KEY (dub_id, idx)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
