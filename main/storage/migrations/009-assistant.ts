import type { Migration } from './types';

/**
 * The assistant (main/assistant) and goals (main/goals). Sessions are kept for good: their
 * `created_at` is what the per-profile limits count, so a restart resets nothing. Messages are
 * numbered per session. Due times are UTC instants (shown in the profile's zone). The journal
 * (`assistant_actions`) holds what each change did and how to undo it (JSON).
 */
export const migration009: Migration = {
  version: 9,
  name: 'assistant',
  up(db) {
    db.exec(`
      CREATE TABLE assistant_sessions (
        id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        profile     TEXT NOT NULL CHECK (length(profile) BETWEEN 1 AND 64),
        engine      TEXT NOT NULL CHECK (engine IN ('turns', 'agent', 'offline')),
        providers   TEXT NOT NULL CHECK (json_valid(providers)),
        status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        created_at  TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        closed_at   TEXT
      ) STRICT;
      CREATE INDEX assistant_sessions_by_profile ON assistant_sessions (profile, created_at);
      CREATE TABLE assistant_messages (
        session_id  TEXT NOT NULL REFERENCES assistant_sessions (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL CHECK (seq >= 1),
        role        TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'action')),
        text        TEXT NOT NULL CHECK (length(text) <= 20000),
        at          TEXT NOT NULL,
        interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
        action_id   TEXT,
        PRIMARY KEY (session_id, seq)
      ) STRICT;
      CREATE TABLE goals (
        id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        statement    TEXT NOT NULL CHECK (length(statement) BETWEEN 1 AND 300),
        timeline     TEXT NOT NULL CHECK (length(timeline) <= 120),
        target_date  TEXT CHECK (target_date IS NULL OR target_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        status       TEXT NOT NULL CHECK (status IN ('active', 'done')),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        completed_at TEXT
      ) STRICT;
      CREATE TABLE goal_milestones (
        id       TEXT PRIMARY KEY NOT NULL,
        goal_id  TEXT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
        week     INTEGER NOT NULL CHECK (week BETWEEN 1 AND 104),
        title    TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        due      TEXT,
        done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
      ) STRICT;
      CREATE INDEX goal_milestones_by_goal ON goal_milestones (goal_id, week);
      CREATE TABLE tasks (
        id               TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        due_at           TEXT NOT NULL CHECK (due_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
        duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440),
        goal_id          TEXT REFERENCES goals (id) ON DELETE SET NULL,
        done_at          TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tasks_by_due ON tasks (due_at);
      CREATE TABLE assistant_actions (
        id          TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        session_id  TEXT REFERENCES assistant_sessions (id) ON DELETE SET NULL,
        kind        TEXT NOT NULL,
        summary     TEXT NOT NULL,
        target_id   TEXT,
        undo        TEXT CHECK (undo IS NULL OR json_valid(undo)),
        undone_at   TEXT,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX assistant_actions_by_time ON assistant_actions (at);
    `);
  },
};
