import type { Migration } from './types';

/**
 * The job runner's tables (main/jobs): one row per job, one per finished step (its output as
 * JSON, so a resumed job skips it), and an append-only log. Logs go with their job.
 */
export const migration004: Migration = {
  version: 4,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        kind       TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
        subject    TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
        status     TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        progress   REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        step       TEXT,
        message    TEXT NOT NULL DEFAULT '',
        error      TEXT,
        steps      TEXT NOT NULL CHECK (CASE WHEN json_valid(steps) THEN json_type(steps) = 'array' ELSE 0 END),
        input      TEXT NOT NULL CHECK (json_valid(input)),
        created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*')
      ) STRICT;
      CREATE INDEX jobs_by_subject ON jobs (kind, subject, created_at);
      CREATE INDEX jobs_by_status ON jobs (status);

      CREATE TABLE job_steps (
        job_id      TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        output      TEXT NOT NULL CHECK (json_valid(output)),
        finished_at TEXT NOT NULL,
        PRIMARY KEY (job_id, name)
      ) STRICT;

      CREATE TABLE job_logs (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        at      TEXT NOT NULL,
        level   TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
        step    TEXT NOT NULL,
        action  TEXT NOT NULL,
        details TEXT CHECK (details IS NULL OR json_valid(details))
      ) STRICT;
      CREATE INDEX job_logs_by_job ON job_logs (job_id, seq);
    `);
  },
};
