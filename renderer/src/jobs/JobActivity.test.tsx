// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Job, type JobLogEntry } from '../../../contract/jobs';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { JobActivity } from './JobActivity';

beforeAll(installDomShims);
afterEach(cleanup);

const JOB_ID = '5b2f7c1e-0000-4000-8000-000000000001';
const job = Job.parse({
  id: JOB_ID,
  kind: 'ritual',
  subject: 'r1',
  status: 'running',
  progress: 0.4,
  step: 'voice',
  message: 'Voiced 2 of 5',
  error: null,
  steps: [{ name: 'write', done: true }, { name: 'voice', done: false }],
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:01Z',
});
const entry = (seq: number, level: JobLogEntry['level'], action: string): JobLogEntry => ({ seq, jobId: JOB_ID, at: '2026-01-01T10:00:00Z', level, step: 'voice', action });

describe('JobActivity', () => {
  it("lists the latest job's log, opens itself on a warning, and follows new lines live", async () => {
    const fake = fakeClient({
      'jobs.list': () => [job],
      'jobs.log': () => [entry(1, 'info', 'Started'), entry(2, 'debug', 'internal detail'), entry(3, 'info', 'Voiced by OpenAI (alloy)')],
    });
    renderWithClient(<JobActivity kind="ritual" subject="r1" />, fake.client);
    await waitFor(() => expect(screen.getAllByTestId('job-activity-entry')).toHaveLength(2)); // debug lines stay hidden
    const panel = screen.getByTestId('job-activity') as HTMLDetailsElement;
    expect(panel.open).toBe(false);
    expect(fake.callsTo('jobs.list')).toEqual([{ kind: 'ritual', subject: 'r1', limit: 1 }]);
    act(() => fake.emit('job.log', { entry: entry(4, 'warn', 'ElevenLabs could not speak (rate limited); OpenAI spoke instead') }));
    await waitFor(() => expect(screen.getAllByTestId('job-activity-entry')).toHaveLength(3));
    expect(screen.getByText(/ElevenLabs could not speak/)).toBeTruthy();
    expect(screen.getByText('1 warning')).toBeTruthy();
    expect((screen.getByTestId('job-activity') as HTMLDetailsElement).open).toBe(true);
    // Another job's lines are not this one's.
    act(() => fake.emit('job.log', { entry: { ...entry(5, 'warn', 'someone else'), jobId: '5b2f7c1e-0000-4000-8000-000000000002' } }));
    expect(screen.queryByText('someone else')).toBeNull();
  });

  it('shows nothing when nothing has a job yet', async () => {
    const fake = fakeClient({ 'jobs.list': () => [] });
    renderWithClient(<JobActivity kind="ritual" subject="r1" />, fake.client);
    await waitFor(() => expect(fake.callsTo('jobs.list')).toHaveLength(1));
    expect(screen.queryByTestId('job-activity')).toBeNull();
  });
});
