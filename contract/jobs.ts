import { z } from 'zod';
import { ById, Ok, type ChannelMap, type EventMap } from './channel-map';
import { Id } from './session';

/**
 * Long, multi-step work (a ritual now; a story, a dub next) runs as a job: a stored row with its
 * status, progress and current step, each finished step's output, and a log of what happened
 * (which provider spoke, which fell back and why, what was retried). A crash leaves the job
 * 'interrupted'; resuming runs only the steps that have no output yet.
 */
export const JobStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type JobLevel = z.infer<typeof JobLevel>;

/** How many log entries one `jobs.log` call returns at most. */
export const JOB_LOG_PAGE = 500;

const Name = z.string().min(1).max(40);

export const Job = z.object({
  id: Id,
  /** What kind of work, e.g. 'ritual'. */
  kind: Name,
  /** What it works on, e.g. the ritual's id. */
  subject: z.string().min(1).max(64),
  status: JobStatus,
  progress: z.number().min(0).max(1),
  /** The step running now (or the one that failed), null before the first and after the last. */
  step: Name.nullable(),
  /** The latest progress message, for the person watching. */
  message: z.string().max(500),
  error: z.string().max(2000).nullable(),
  steps: z.array(z.object({ name: Name, done: z.boolean() })).max(32),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof Job>;

export const JobLogEntry = z.object({
  seq: z.number().int().min(1),
  jobId: Id,
  at: z.string(),
  level: JobLevel,
  step: z.string().max(40),
  /** What happened, in words: "OpenAI could not speak; the offline voice took over". */
  action: z.string().max(500),
  details: z.unknown().optional(),
});
export type JobLogEntry = z.infer<typeof JobLogEntry>;


export const jobChannels = {
  /** Newest first; `subject` narrows to the jobs of one thing (a ritual's id). */
  'jobs.list': {
    input: z.object({ kind: Name.optional(), subject: z.string().min(1).max(64).optional(), limit: z.number().int().min(1).max(200).default(50) }).strict().prefault({}),
    output: z.array(Job),
  },
  'jobs.get': { input: ById, output: Job },
  /** The job's log in order, after `afterSeq` (for following a running job). */
  'jobs.log': {
    input: z.object({ id: Id, afterSeq: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(JOB_LOG_PAGE).default(JOB_LOG_PAGE) }).strict(),
    output: z.array(JobLogEntry),
  },
  'jobs.cancel': { input: ById, output: Ok },
  /** Run an interrupted, failed or cancelled job again from its first unfinished step. */
  'jobs.resume': { input: ById, output: Job },
} as const satisfies ChannelMap;

export const jobEvents = {
  'job.updated': { payload: z.object({ job: Job }) },
  'job.log': { payload: z.object({ entry: JobLogEntry }) },
} as const satisfies EventMap;
