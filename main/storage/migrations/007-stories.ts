import type { Migration } from './types';

/**
 * Code stories. The job runner's tables (004) already hold what the pipeline needs to be durable
 * — status, progress, current step, each finished step's output, and a log with level, agent
 * (the step), action, details and time — so stories keep no log table of their own: a story's
 * log is the log of its jobs. What is the story's own lives here:
 *
 * - `stories`: the request, the state the library shows (status, progress, message, error and its
 *   typed problem), the repository facts, the intent, the script (JSON, and its words flat in
 *   `script_text` for the full-text index `stories_fts`), the speakers, the sample-accurate
 *   chapters and transcript of the finished audio, its length and the current job.
 * - `story_segments`: each narrated line chunk, in order, with its chapter, speaker and cache hash
 *   (files live in the shared `segment_cache`).
 * - `story_text_cache`: LLM replies by a hash of (provider, model, settings, messages), so a second
 *   identical story costs no text call either.
 * - `story_voice_pace`: words per minute measured on each provider voice's real audio, which
 *   sizes the next script for that voice.
 */
export const migration007: Migration = {
  version: 7,
  name: 'stories',
  up(db) {
    const json = (col: string, type: 'object' | 'array') => `CHECK (CASE WHEN json_valid(${col}) THEN json_type(${col}) = '${type}' ELSE 0 END)`;
    const stamp = (col: string) => `${col} TEXT NOT NULL CHECK (${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')`;
    db.exec(`
      CREATE TABLE stories (
        id             TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
        source_label   TEXT NOT NULL,
        style          TEXT NOT NULL,
        minutes        REAL NOT NULL CHECK (minutes > 0),
        request        TEXT NOT NULL ${json('request', 'object')},
        status         TEXT NOT NULL CHECK (status IN ('pending', 'analyzing', 'generating', 'synthesizing', 'completed', 'failed', 'cancelled')),
        progress       REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        message        TEXT NOT NULL DEFAULT '',
        error          TEXT,
        problem        TEXT,
        repo           TEXT CHECK (repo IS NULL OR json_valid(repo)),
        intent         TEXT CHECK (intent IS NULL OR json_valid(intent)),
        script         TEXT CHECK (script IS NULL OR json_valid(script)),
        script_text    TEXT NOT NULL DEFAULT '',
        writer         TEXT,
        speakers       TEXT NOT NULL DEFAULT '[]' ${json('speakers', 'array')},
        segments_done  INTEGER NOT NULL DEFAULT 0 CHECK (segments_done >= 0),
        segments_total INTEGER NOT NULL DEFAULT 0 CHECK (segments_total >= 0),
        chapters       TEXT NOT NULL DEFAULT '[]' ${json('chapters', 'array')},
        transcript     TEXT NOT NULL DEFAULT '[]' ${json('transcript', 'array')},
        duration_sec   REAL NOT NULL DEFAULT 0 CHECK (duration_sec >= 0),
        job_id         TEXT,
        ${stamp('created_at')},
        ${stamp('updated_at')}
      ) STRICT;
      CREATE INDEX stories_by_created_at ON stories (created_at);

      CREATE VIRTUAL TABLE stories_fts USING fts5(
        title, source_label, script_text,
        content = 'stories', content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts (rowid, title, source_label, script_text) VALUES (new.rowid, new.title, new.source_label, new.script_text);
      END;
      CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, title, source_label, script_text) VALUES ('delete', old.rowid, old.title, old.source_label, old.script_text);
      END;
      CREATE TRIGGER stories_fts_au AFTER UPDATE OF title, source_label, script_text ON stories BEGIN
        INSERT INTO stories_fts (stories_fts, rowid, title, source_label, script_text) VALUES ('delete', old.rowid, old.title, old.source_label, old.script_text);
        INSERT INTO stories_fts (rowid, title, source_label, script_text) VALUES (new.rowid, new.title, new.source_label, new.script_text);
      END;

      CREATE TABLE story_segments (
        story_id  TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        idx       INTEGER NOT NULL CHECK (idx >= 0),
        chapter   INTEGER NOT NULL CHECK (chapter >= 0),
        line      INTEGER NOT NULL CHECK (line >= 0),
        speaker   TEXT NOT NULL CHECK (speaker IN ('host', 'guest')),
        text      TEXT NOT NULL CHECK (length(text) > 0),
        pause_sec REAL NOT NULL CHECK (pause_sec >= 0),
        hash      TEXT,
        PRIMARY KEY (story_id, idx)
      ) STRICT;
      CREATE INDEX story_segments_by_hash ON story_segments (hash);

      CREATE TABLE story_text_cache (
        hash       TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
        provider   TEXT NOT NULL,
        model      TEXT NOT NULL,
        reply      TEXT NOT NULL,
        ${stamp('created_at')}
      ) STRICT;

      CREATE TABLE story_voice_pace (
        provider   TEXT NOT NULL,
        voice      TEXT NOT NULL,
        words      INTEGER NOT NULL CHECK (words > 0),
        seconds    REAL NOT NULL CHECK (seconds > 0),
        ${stamp('updated_at')},
        PRIMARY KEY (provider, voice)
      ) STRICT;
    `);
  },
};
