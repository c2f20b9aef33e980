/** Jobs, their finished steps' outputs and their logs (tables from migration 004). */
import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { Job, JOB_LOG_PAGE, type JobLevel, type JobLogEntry, type JobStatus } from '../../contract/jobs';
import type { Db } from './migrations/types';

export interface JobPatch {
  status?: JobStatus;
  progress?: number;
  step?: string | null;
  message?: string;
  error?: string | null;
}

export interface NewJob {
  kind: string;
  subject: string;
  /** The step names, in order. */
  steps: string[];
  input: unknown;
}

export interface JobRepo {
  create(job: NewJob): Job;
  get(id: string): Job;
  /** Newest first. */
  list(filter?: { kind?: string; subject?: string; limit?: number }): Job[];
  input(id: string): unknown;
  update(id: string, patch: JobPatch): Job;
  /** Every finished step's output, by step name. */
  outputs(id: string): Record<string, unknown>;
  finishStep(id: string, step: string, output: unknown): void;
  log(entry: { jobId: string; level: JobLevel; step: string; action: string; details?: unknown }): JobLogEntry;
  logs(id: string, afterSeq?: number, limit?: number): JobLogEntry[];
  /** Ids of jobs still marked running (a process that died left them so). */
  running(): string[];
  /** Forget every job of `kind` about `subject` (it was deleted), logs and outputs included. */
  removeFor(kind: string, subject: string): void;
}

interface Row {
  id: string;
  kind: string;
  subject: string;
  status: string;
  progress: number;
  step: string | null;
  message: string;
  error: string | null;
  steps: string;
  created_at: string;
  updated_at: string;
}

interface LogRow {
  seq: number;
  job_id: string;
  at: string;
  level: string;
  step: string;
  action: string;
  details: string | null;
}

const COLUMNS = 'id, kind, subject, status, progress, step, message, error, steps, created_at, updated_at';
/** Details beyond this are cut: a log must never hold (or echo back) megabytes. */
const MAX_DETAILS_CHARS = 4000;
const MAX_MESSAGE_CHARS = 500;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function detailsJson(details: unknown): string | null {
  if (details === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(details) ?? 'null';
  } catch {
    text = JSON.stringify(String(details));
  }
  return text.length > MAX_DETAILS_CHARS ? JSON.stringify({ truncated: text.slice(0, MAX_DETAILS_CHARS) }) : text;
}

export function createJobRepo(db: Db, now: () => string = () => new Date().toISOString()): JobRepo {
  const done = (id: string) => new Set(db.prepare<[string], string>('SELECT name FROM job_steps WHERE job_id = ?').pluck().all(id));

  function toJob(row: Row): Job {
    const finished = done(row.id);
    const names = JSON.parse(row.steps) as string[];
    return Job.parse({
      id: row.id,
      kind: row.kind,
      subject: row.subject,
      status: row.status,
      progress: row.progress,
      step: row.step,
      message: row.message,
      error: row.error,
      steps: names.map((name) => ({ name, done: finished.has(name) })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  function row(id: string): Row {
    const r = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id);
    if (!r) throw new KoruError('NOT_FOUND', 'That job no longer exists.', { id });
    return r;
  }

  const toEntry = (r: LogRow): JobLogEntry => ({
    seq: r.seq,
    jobId: r.job_id,
    at: r.at,
    level: r.level as JobLevel,
    step: r.step,
    action: r.action,
    ...(r.details === null ? {} : { details: JSON.parse(r.details) as unknown }),
  });

  return {
    create(job) {
      const id = randomUUID();
      const at = now();
      db.prepare(`INSERT INTO jobs (id, kind, subject, status, steps, input, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`).run(
        id,
        job.kind,
        job.subject,
        JSON.stringify(job.steps),
        JSON.stringify(job.input ?? null),
        at,
        at,
      );
      return toJob(row(id));
    },

    get: (id) => toJob(row(id)),

    list(filter = {}) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (filter.kind) {
        where.push('kind = ?');
        args.push(filter.kind);
      }
      if (filter.subject) {
        where.push('subject = ?');
        args.push(filter.subject);
      }
      const sql = `SELECT ${COLUMNS} FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return db.prepare<(string | number)[], Row>(sql).all(...args, filter.limit ?? 50).map(toJob);
    },

    input: (id) => JSON.parse(db.prepare<[string], string>('SELECT input FROM jobs WHERE id = ?').pluck().get(id) ?? 'null') as unknown,

    update(id, patch) {
      const r = row(id);
      db.prepare(`UPDATE jobs SET status = ?, progress = ?, step = ?, message = ?, error = ?, updated_at = ? WHERE id = ?`).run(
        patch.status ?? r.status,
        Math.min(1, Math.max(0, patch.progress ?? r.progress)),
        patch.step === undefined ? r.step : patch.step,
        clip(patch.message ?? r.message, MAX_MESSAGE_CHARS),
        patch.error === undefined ? r.error : patch.error === null ? null : clip(patch.error, 2000),
        now(),
        id,
      );
      return toJob(row(id));
    },

    outputs(id) {
      const rows = db.prepare<[string], { name: string; output: string }>('SELECT name, output FROM job_steps WHERE job_id = ?').all(id);
      return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.output) as unknown]));
    },

    finishStep(id, step, output) {
      db.prepare('INSERT OR REPLACE INTO job_steps (job_id, name, output, finished_at) VALUES (?, ?, ?, ?)').run(id, step, JSON.stringify(output ?? null), now());
    },

    log({ jobId, level, step, action, details }) {
      const at = now();
      const json = detailsJson(details);
      const seq = Number(db.prepare('INSERT INTO job_logs (job_id, at, level, step, action, details) VALUES (?, ?, ?, ?, ?, ?)').run(jobId, at, level, step, clip(action, MAX_MESSAGE_CHARS), json).lastInsertRowid);
      return toEntry({ seq, job_id: jobId, at, level, step, action: clip(action, MAX_MESSAGE_CHARS), details: json });
    },

    logs(id, afterSeq = 0, limit = JOB_LOG_PAGE) {
      return db
        .prepare<[string, number, number], LogRow>('SELECT seq, job_id, at, level, step, action, details FROM job_logs WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(id, afterSeq, Math.min(limit, JOB_LOG_PAGE))
        .map(toEntry);
    },

    running: () => db.prepare<[], string>("SELECT id FROM jobs WHERE status = 'running'").pluck().all(),

    removeFor(kind, subject) {
      db.prepare('DELETE FROM jobs WHERE kind = ? AND subject = ?').run(kind, subject);
    },
  };
}
