/** Files that cannot be lost: an export killed with SIGKILL in the middle of writing over an
 *  earlier, good file leaves that file byte for byte and nothing partial under its name, and
 *  the next start of the app removes the temporary it left. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { silentAudio } from '../../main/playback/testing';
import { createApp } from '../../main/app';
import { forkChild } from '../../main/workers/entry';

const dataDir = mkdtempSync(join(tmpdir(), 'koru-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('an export killed mid-write', () => {
  it('keeps the earlier file whole, and the next start cleans up the temporary', async () => {
    const exportDir = join(dataDir, 'exports');
    mkdirSync(exportDir, { recursive: true });
    const target = join(exportDir, 'Deep-focus-0123abcd.wav');
    const good = randomBytes(200_000);
    writeFileSync(target, good);

    const child = forkChild('export-child', new URL('./fixtures/export-child.ts', import.meta.url), [target], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const progress: number[] = [];
    child.on('message', (m: { fraction?: number }) => {
      if (typeof m.fraction === 'number') progress.push(m.fraction);
    });
    // Well into the hour, far from its end: the temporary holds megabytes of audio by now.
    await vi.waitFor(() => expect(progress.some((f) => f > 0.01)).toBe(true), { timeout: 60_000, interval: 20 });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(Math.max(...progress)).toBeLessThan(0.9);

    expect(readFileSync(target).equals(good)).toBe(true);
    const left = readdirSync(exportDir).filter((f) => f !== 'Deep-focus-0123abcd.wav');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.Deep-focus-0123abcd\.wav\.\d+\.[0-9a-f]{12}\.koru-tmp$/);
    expect(statSync(join(exportDir, left[0]!)).size).toBeGreaterThan(100_000);

    // Restart: the composition root sweeps the export folder before anything else runs.
    const logged: unknown[][] = [];
    const app = await createApp({ dataDir, mode: 'web', env: {}, log: (...line) => void logged.push(line), audio: silentAudio() });
    await app.close();
    expect(readdirSync(exportDir)).toEqual(['Deep-focus-0123abcd.wav']);
    expect(readFileSync(target).equals(good)).toBe(true);
    expect(logged.some(([, message]) => String(message).includes('removed 1 unfinished file'))).toBe(true);
  });
});
