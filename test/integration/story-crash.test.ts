/** A story whose process is killed (SIGKILL) while it is being voiced: the next start marks it
 *  interrupted, and Resume asks the voice only for the segments that were not stored. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fixtureFiles, writeFiles } from '../../main/stories/source/testing';
import { storyAt, storyProviders, voiceSynth } from '../../main/stories/testing';
import { forkChild } from '../../main/workers/entry';

const dir = mkdtempSync(join(tmpdir(), 'koru-story-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a story killed mid-voicing', () => {
  it('is interrupted at the next start, and Resume voices only the missing segments', async () => {
    const repo = join(dir, 'atlas');
    writeFiles(repo, fixtureFiles());
    const data = join(dir, 'data');
    const child = forkChild('story-child', new URL('./fixtures/story-child.ts', import.meta.url), [data, repo], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let id = '';
    let stored = 0;
    let finished = false;
    child.on('message', (m: { id: string; done?: number; finished?: boolean }) => {
      id = m.id;
      stored = m.done ?? stored;
      finished ||= m.finished === true;
    });
    await vi.waitFor(() => expect(stored).toBeGreaterThanOrEqual(5), { timeout: 60_000, interval: 10 });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(finished).toBe(false);

    // The next start, with a voice that counts what it is asked.
    const v = voiceSynth();
    const { service, jobs, db } = storyAt(data, storyProviders(v.synth));
    try {
      expect(jobs.recoverInterrupted()).toHaveLength(1);
      expect(service.recoverInterrupted()).toBe(1);
      const left = service.get(id);
      expect(left).toMatchObject({ status: 'failed', problem: 'interrupted' });
      const { done, total } = left.segments;
      expect(done).toBeGreaterThanOrEqual(5);
      expect(done).toBeLessThan(total);

      service.resume(id);
      const s = (await service.whenDone(id))!;
      expect(s.status).toBe('completed');
      expect(s.segments.done).toBe(s.segments.total);
      // The voice step asked only for what was not stored (a segment voiced just before the kill
      // may be in the cache already). The fit step after it may resize the script; that is apart.
      const voiced = service.log(id).map((l) => /^Voiced (\d+) segments \((\d+) new/.exec(l.action)).find((m) => m !== null);
      expect(Number(voiced?.[1])).toBe(total);
      const asked = Number(voiced?.[2]);
      expect(asked).toBeGreaterThan(0);
      expect(asked).toBeLessThanOrEqual(total - done);
      expect(new Set(v.calls.map((c) => `${c.voice}|${c.text}`)).size).toBe(v.calls.length); // nothing asked twice
    } finally {
      await service.close();
      db.close();
    }
  }, 120_000);
});
