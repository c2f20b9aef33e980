import type { Migration } from './types';

/**
 * Schedules (main/sky): start a session or a ritual at a time or a sky event. `trigger` is the
 * contract's Trigger as JSON; `next_at` is the next start worked out from it (null once done or
 * missed). `missed_at` holds a start that passed while Koru was closed until the user has seen it.
 * No foreign key to the target: it may be a session or a ritual, and a deleted one is reported
 * when the schedule comes due.
 */
export const migration006: Migration = {
  version: 6,
  name: 'schedules',
  up(db) {
    db.exec(`
      CREATE TABLE schedules (
        id             TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        target_kind    TEXT NOT NULL CHECK (target_kind IN ('session', 'ritual')),
        target_id      TEXT NOT NULL CHECK (length(target_id) BETWEEN 1 AND 64),
        title          TEXT NOT NULL,
        trigger        TEXT NOT NULL CHECK (CASE WHEN json_valid(trigger) THEN json_type(trigger) = 'object' ELSE 0 END),
        notice_minutes INTEGER NOT NULL CHECK (notice_minutes BETWEEN 0 AND 1440),
        status         TEXT NOT NULL CHECK (status IN ('active', 'done', 'missed')),
        next_at        TEXT CHECK (next_at IS NULL OR next_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        last_run_at    TEXT,
        missed_at      TEXT,
        created_at     TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
        updated_at     TEXT NOT NULL,
        CHECK (status <> 'active' OR next_at IS NOT NULL)
      ) STRICT;
      CREATE INDEX schedules_by_next ON schedules (status, next_at);
    `);
  },
};
