import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Job, JobLogEntry } from '../../contract/jobs';
import { migrate } from '../storage/db';
import { createJobRepo } from '../storage/job-repo';
import { migrations } from '../storage/migrations';
import { createJobRunner, type JobKind, type JobStep } from './runner';

function setup(retryable?: (err: unknown) => boolean) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  const repo = createJobRepo(db);
  const updates: Job[] = [];
  const logs: JobLogEntry[] = [];
  const emit = (event: string, payload: { job?: Job; entry?: JobLogEntry }) => {
    // Everything pushed must pass the contract, as the event hub will check.
    if (event === 'job.updated') updates.push(Job.parse(payload.job));
    else logs.push(JobLogEntry.parse(payload.entry));
  };
  const make = () => createJobRunner({ repo, emit: emit as never, log: () => undefined, backoffMs: () => 1, ...(retryable ? { retryable } : {}) });
  return { db, repo, updates, logs, make, runner: make() };
}

type Input = { n: number };
const calls: string[] = [];
const step = (name: string, run: JobStep<Input>['run'] = ({ input }) => ({ from: name, n: input.n })): JobStep<Input> => ({
  name,
  run: (ctx) => {
    calls.push(name);
    return run(ctx);
  },
});

describe('job runner', () => {
  it('runs the steps in order, each seeing the outputs before it, with progress and a log', async () => {
    calls.length = 0;
    const t = setup();
    const kind: JobKind<Input> = {
      kind: 'demo',
      steps: [
        step('a'),
        step('b', ({ outputs, progress, log }) => {
          progress(0.5, 'halfway');
          log('info', 'b saw a', outputs.a);
          return { sum: (outputs.a as { n: number }).n + 1 };
        }),
        step('c', ({ outputs }) => outputs.b),
      ],
    };
    t.runner.register(kind);
    const job = t.runner.start('demo', 'thing-1', { n: 41 });
    const done = await t.runner.whenDone(job.id)!;
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(done).toMatchObject({ status: 'done', progress: 1, step: null, steps: [{ name: 'a', done: true }, { name: 'b', done: true }, { name: 'c', done: true }] });
    expect(t.repo.outputs(job.id)).toEqual({ a: { from: 'a', n: 41 }, b: { sum: 42 }, c: { sum: 42 } });
    const progress = t.updates.map((u) => u.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y)); // never goes backwards
    expect(t.updates.some((u) => u.message === 'halfway')).toBe(true);
    expect(t.logs.map((l) => [l.step, l.action])).toEqual([['-', 'Started'], ['b', 'b saw a'], ['-', 'Finished']]);
    expect(t.runner.logs(job.id).map((l) => l.seq)).toEqual(t.logs.map((l) => l.seq));
    expect(t.runner.list({ subject: 'thing-1' }).map((j) => j.id)).toEqual([job.id]);
  });

  it('resumes a job a dead process left running at its first unfinished step', async () => {
    calls.length = 0;
    const t = setup();
    const kind: JobKind<Input> = { kind: 'demo', steps: [step('a'), step('b'), step('c')] };
    // What a killed process leaves: a running job whose first step had finished.
    const orphan = t.repo.create({ kind: 'demo', subject: 's', steps: ['a', 'b', 'c'], input: { n: 1 } });
    t.repo.finishStep(orphan.id, 'a', { from: 'a', n: 1 });
    const next = t.make();
    next.register(kind);
    expect(next.recoverInterrupted().map((j) => [j.id, j.status])).toEqual([[orphan.id, 'interrupted']]);
    next.resume(orphan.id);
    expect((await next.whenDone(orphan.id))!.status).toBe('done');
    expect(calls).toEqual(['b', 'c']);
    expect(t.repo.logs(orphan.id).map((l) => l.action)).toEqual(expect.arrayContaining([expect.stringMatching(/Interrupted/), 'Resumed', 'Finished']));
  });

  it('cancels through the signal, keeps what was finished, and resumes from there', async () => {
    calls.length = 0;
    const t = setup();
    let started!: () => void;
    const inB = new Promise<void>((r) => (started = r));
    const kind: JobKind<Input> = {
      kind: 'demo',
      steps: [
        step('a'),
        step('b', ({ signal }) => {
          started();
          return new Promise((resolve, reject) => {
            if (calls.filter((c) => c === 'b').length > 1) return resolve('second time');
            signal.addEventListener('abort', () => reject(signal.reason));
          });
        }),
      ],
    };
    t.runner.register(kind);
    const job = t.runner.start('demo', 's', { n: 1 });
    await inB;
    await t.runner.cancel(job.id);
    expect(t.runner.get(job.id)).toMatchObject({ status: 'cancelled', error: null, step: 'b' });
    t.runner.resume(job.id);
    expect((await t.runner.whenDone(job.id))!.status).toBe('done');
    expect(calls).toEqual(['a', 'b', 'b']);
    await expect(t.runner.cancel('9f0e4c4e-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retries a step a bounded number of times, and only for errors worth retrying', async () => {
    const t = setup((err) => err instanceof KoruError && err.code === 'PROVIDER');
    let attempts = 0;
    const flaky: JobKind<Input> = {
      kind: 'flaky',
      steps: [{ name: 'x', retries: 2, run: () => (++attempts < 3 ? Promise.reject(new KoruError('PROVIDER', 'busy')) : 'ok') }],
    };
    let hard = 0;
    const broken: JobKind<Input> = {
      kind: 'broken',
      steps: [{ name: 'x', retries: 5, run: () => (hard++, Promise.reject(new KoruError('BAD_INPUT', 'the file is not audio'))) }],
    };
    t.runner.register(flaky);
    t.runner.register(broken);
    const a = t.runner.start('flaky', 's', { n: 0 });
    expect((await t.runner.whenDone(a.id))!.status).toBe('done');
    expect(attempts).toBe(3);
    expect(t.logs.filter((l) => /trying again/.test(l.action))).toHaveLength(2);
    const b = t.runner.start('broken', 's', { n: 0 });
    expect(await t.runner.whenDone(b.id)).toMatchObject({ status: 'failed', error: 'the file is not audio' });
    expect(hard).toBe(1);
  });

  it('keeps log details small, whatever a step hands it', async () => {
    const t = setup();
    t.runner.register({ kind: 'noisy', steps: [{ name: 'x', run: ({ log }) => log('info', 'a huge reply', { body: 'x'.repeat(100_000) }) }] } satisfies JobKind<Input>);
    const job = t.runner.start('noisy', 's', { n: 0 });
    await t.runner.whenDone(job.id);
    const entry = t.repo.logs(job.id).find((l) => l.action === 'a huge reply')!;
    expect(JSON.stringify(entry.details).length).toBeLessThan(5000);
  });

  it('stores progress at most a few times a second, but always the last', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const t = setup();
      t.runner.register({
        kind: 'many',
        steps: [
          {
            name: 'x',
            run: ({ progress }) => {
              for (let i = 1; i <= 1000; i++) progress(i / 1000);
            },
          },
        ],
      } satisfies JobKind<Input>);
      const job = t.runner.start('many', 's', { n: 0 });
      await t.runner.whenDone(job.id);
      expect(t.updates.length).toBeLessThan(10);
    } finally {
      vi.useRealTimers();
    }
  });
});
