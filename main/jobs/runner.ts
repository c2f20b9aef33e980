/** The job runner: every long, multi-step piece of work (a ritual now; stories, dubs, mantras
 *  next) runs here as a durable job. Each step is a function of the job's input and the stored
 *  outputs of the steps before it; its output is stored when it finishes, so a job resumed after
 *  a crash, a failure or a cancel runs only what has no output yet (and providers' results come
 *  from their content-addressed caches, so nothing is billed twice). Progress and a log of what
 *  happened are stored and pushed as events; cancel is an AbortSignal through every step; a step
 *  may be retried a bounded number of times when its error says retrying can help. */
import { KoruError } from '../../contract/errors';
import type { Job, JobLevel, JobLogEntry } from '../../contract/jobs';
import type { Log } from '../log';
import type { JobRepo } from '../storage';

export interface StepContext<I> {
  readonly jobId: string;
  readonly input: I;
  /** Outputs of the steps already finished (this run or an earlier one), by step name. */
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
  /** Progress within this step, 0–1, with an optional message for the person watching. */
  progress(fraction: number, message?: string): void;
  /** A line in the job's log (stored and pushed): what happened, in words, with details. */
  log(level: JobLevel, action: string, details?: unknown): void;
}

export interface JobStep<I> {
  name: string;
  /** Share of the job's progress bar (default 1). */
  weight?: number;
  /** Extra attempts after an error the runner's `retryable` accepts (default 0). */
  retries?: number;
  run(ctx: StepContext<I>): Promise<unknown> | unknown;
}

export interface JobKind<I> {
  kind: string;
  steps: JobStep<I>[];
  /** Called after every change of the job (status, step, progress): capabilities mirror it. */
  onChange?(job: Job, input: I): void;
}

export interface JobEmit {
  (event: 'job.updated', payload: { job: Job }): unknown;
  (event: 'job.log', payload: { entry: JobLogEntry }): unknown;
}

export interface JobRunnerOptions {
  repo: JobRepo;
  emit: JobEmit;
  log: Log;
  /** Whether another attempt at a step can help (network, rate limits…); default never. */
  retryable?: (err: unknown) => boolean;
  /** Wait before retry n (1-based); default 1 s, 2 s, 4 s … capped at 30 s. */
  backoffMs?: (attempt: number) => number;
}

interface Active {
  controller: AbortController;
  done: Promise<Job>;
}

const PROGRESS_WRITE_MS = 250;

export function createJobRunner(o: JobRunnerOptions) {
  const kinds = new Map<string, JobKind<never>>();
  const active = new Map<string, Active>();
  const backoff = o.backoffMs ?? ((n: number) => Math.min(30_000, 1000 * 2 ** (n - 1)));

  function kindOf(name: string): JobKind<unknown> {
    const k = kinds.get(name);
    if (!k) throw new KoruError('INTERNAL', `No job kind "${name}" is registered.`);
    return k as JobKind<unknown>;
  }

  function changed(job: Job, kind: JobKind<unknown>, input: unknown): Job {
    o.emit('job.updated', { job });
    try {
      kind.onChange?.(job, input);
    } catch (err) {
      o.log('error', `jobs: ${job.kind} ${job.id}: a change listener failed`, err);
    }
    return job;
  }

  async function execute(id: string, controller: AbortController, resumed: boolean): Promise<Job> {
    const { repo } = o;
    const job0 = repo.get(id);
    const kind = kindOf(job0.kind);
    const input = repo.input(id);
    const total = kind.steps.reduce((s, st) => s + (st.weight ?? 1), 0) || 1;
    const outputs = repo.outputs(id);
    const signal = controller.signal;
    let current = '';
    const log = (level: JobLevel, action: string, details?: unknown) => {
      const entry = repo.log({ jobId: id, level, step: current || '-', action, details });
      o.emit('job.log', { entry });
    };
    let job = changed(repo.update(id, { status: 'running', error: null }), kind, input);
    log('info', resumed ? 'Resumed' : 'Started');
    let doneWeight = 0;
    try {
      for (const step of kind.steps) {
        const weight = step.weight ?? 1;
        if (step.name in outputs) {
          doneWeight += weight;
          continue;
        }
        current = step.name;
        signal.throwIfAborted();
        job = changed(repo.update(id, { step: step.name, progress: doneWeight / total }), kind, input);
        let lastWrite = 0;
        const ctx: StepContext<unknown> = {
          jobId: id,
          input,
          outputs,
          signal,
          progress(fraction, message) {
            const now = performance.now();
            // Stored at most 4×/s (the UI still hears every message); the last one always.
            if (now - lastWrite < PROGRESS_WRITE_MS && fraction < 1 && message === undefined) return;
            lastWrite = now;
            const p = (doneWeight + weight * Math.min(1, Math.max(0, fraction))) / total;
            job = changed(repo.update(id, { progress: p, ...(message === undefined ? {} : { message }) }), kind, input);
          },
          log,
        };
        for (let attempt = 0; ; attempt++) {
          try {
            const out = await step.run(ctx);
            signal.throwIfAborted();
            outputs[step.name] = out ?? null;
            repo.finishStep(id, step.name, out ?? null);
            break;
          } catch (err) {
            if (signal.aborted || attempt >= (step.retries ?? 0) || !(o.retryable?.(err) ?? false)) throw err;
            const wait = backoff(attempt + 1);
            log('warn', `${messageOf(err)} — trying again in ${Math.round(wait / 1000)} s`, { attempt: attempt + 1 });
            await delay(wait, signal);
          }
        }
        doneWeight += weight;
      }
      current = '';
      job = changed(repo.update(id, { status: 'done', step: null, progress: 1, error: null }), kind, input);
      log('info', 'Finished');
      return job;
    } catch (err) {
      const cancelled = signal.aborted;
      const message = cancelled ? 'Cancelled' : messageOf(err);
      if (!cancelled) o.log('error', `jobs: ${job0.kind} ${id} failed at ${current || 'start'}`, err);
      log(cancelled ? 'info' : 'error', cancelled ? 'Cancelled' : `Failed: ${message}`);
      job = changed(repo.update(id, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message, message }), kind, input);
      return job;
    }
  }

  function run(id: string, resumed: boolean): Active {
    const existing = active.get(id);
    if (existing) return existing;
    const controller = new AbortController();
    const done = execute(id, controller, resumed).finally(() => active.delete(id));
    const a = { controller, done };
    active.set(id, a);
    return a;
  }

  return {
    register<I>(kind: JobKind<I>): void {
      kinds.set(kind.kind, kind as JobKind<never>);
    },

    /** Store a new job and start it; returns at once (progress comes as events). */
    start<I>(kind: string, subject: string, input: I): Job {
      const k = kindOf(kind);
      const job = o.repo.create({ kind, subject, steps: k.steps.map((s) => s.name), input });
      run(job.id, false);
      return job;
    },

    /** Run an unfinished job again from its first step without output. */
    resume(id: string): Job {
      const job = o.repo.get(id);
      if (job.status === 'done' || active.has(id)) return job;
      kindOf(job.kind);
      run(id, true);
      return o.repo.get(id);
    },

    async cancel(id: string): Promise<void> {
      const a = active.get(id);
      if (!a) {
        o.repo.get(id); // NOT_FOUND for an unknown id; a finished job has nothing to cancel
        return;
      }
      a.controller.abort(new KoruError('CONFLICT', 'cancelled'));
      await a.done;
    },

    /** The job of `kind` now running for `subject`, if any. */
    activeFor(kind: string, subject: string): Job | undefined {
      for (const id of active.keys()) {
        const job = o.repo.get(id);
        if (job.kind === kind && job.subject === subject) return job;
      }
      return undefined;
    },

    /** The outcome of a running job (tests, CLI); undefined when it is not running. */
    whenDone: (id: string): Promise<Job> | undefined => active.get(id)?.done,
    isRunning: (id: string) => active.has(id),
    get: (id: string) => o.repo.get(id),
    list: (filter?: { kind?: string; subject?: string; limit?: number }) => o.repo.list(filter),
    logs: (id: string, afterSeq?: number, limit?: number) => (o.repo.get(id), o.repo.logs(id, afterSeq, limit)),

    /** Forget the jobs about a deleted `subject`. */
    forget(kind: string, subject: string): void {
      o.repo.removeFor(kind, subject);
    },

    /** Jobs a dead process left running are marked interrupted (they can be resumed). */
    recoverInterrupted(): Job[] {
      const out: Job[] = [];
      for (const id of o.repo.running()) {
        if (active.has(id)) continue;
        const job = o.repo.update(id, { status: 'interrupted', message: 'Interrupted when Koru closed' });
        o.repo.log({ jobId: id, level: 'warn', step: job.step ?? '-', action: 'Interrupted when Koru closed; resume to finish it' });
        out.push(job);
      }
      return out;
    },

    async close(): Promise<void> {
      for (const a of active.values()) a.controller.abort(new KoruError('CONFLICT', 'shutting down'));
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;

function messageOf(err: unknown): string {
  if (err instanceof KoruError) return err.message;
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}`;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
