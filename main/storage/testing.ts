// Test helpers for the storage tests (not imported by production code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { SessionDraftInput } from '../../contract/session';

const made: string[] = [];

/** A fresh temp folder, removed after the current test. */
export function tempDir(prefix = 'koru-storage-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A contract-valid draft: a binaural alpha set sliding into theta, over pink noise. */
export function binauralDraft(overrides: Partial<SessionDraftInput> = {}): SessionDraftInput {
  return {
    name: 'Evening wind-down',
    intention: 'Let the day go',
    tags: ['Sleep', 'alpha'],
    program: {
      sets: [
        { name: 'alpha', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }, { kind: 'noise', color: 'pink', amp: 0.1 }] },
        { name: 'theta', voices: [{ kind: 'binaural', carrier: 180, beat: 6, amp: 0.2 }] },
      ],
      timeline: [
        { at: 0, set: 'alpha', slide: true },
        { at: 600, set: 'theta' },
      ],
    },
    durationSec: 1200,
    volume: 0.5,
    ...overrides,
  };
}
