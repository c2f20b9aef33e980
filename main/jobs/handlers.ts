/** The job channels bound to the runner: one line each, no logic of their own. */
import type { jobChannels } from '../../contract/jobs';
import type { HandlersOf } from '../ipc';
import type { JobRunner } from './runner';

export type JobHandlers = HandlersOf<typeof jobChannels>;

export function buildJobHandlers(jobs: JobRunner): JobHandlers {
  return {
    'jobs.list': ({ kind, subject, limit }) => jobs.list({ ...(kind ? { kind } : {}), ...(subject ? { subject } : {}), limit }),
    'jobs.get': ({ id }) => jobs.get(id),
    'jobs.log': ({ id, afterSeq, limit }) => jobs.logs(id, afterSeq, limit),
    'jobs.cancel': async ({ id }) => {
      await jobs.cancel(id);
      return { ok: true as const };
    },
    'jobs.resume': ({ id }) => jobs.resume(id),
  };
}
