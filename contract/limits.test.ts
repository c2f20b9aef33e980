import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels } from './channels';
import { maxEncodedBytes, withJsonBudget } from './encoded-size';
import { Program } from './program';
import { formatSize, LIMITS } from './limits';
import { MAX_FRAME_BYTES, MAX_INPUT_BYTES, oversizedCallMessage } from './wire';

describe('limits and the frame they derive', () => {
  it('bounds every channel input, so no valid call can outgrow a frame', () => {
    const unbounded = Object.entries(channels).filter(([, c]) => !Number.isFinite(maxEncodedBytes(c.input)));
    expect(unbounded.map(([name]) => name)).toEqual([]);
    expect(MAX_FRAME_BYTES).toBeGreaterThan(MAX_INPUT_BYTES);
  });

  it('takes the worst case: control characters escape to six bytes each', () => {
    const text = z.object({ text: z.string().max(10) }).strict();
    const worst = JSON.stringify({ text: '\u0001'.repeat(10) });
    expect(maxEncodedBytes(text)).toBeGreaterThanOrEqual(Buffer.byteLength(worst));
    expect(maxEncodedBytes(z.array(z.string()))).toBe(Infinity);
    expect(maxEncodedBytes(z.record(z.string(), z.number()))).toBe(Infinity);
  });

  it('fits the largest inline schedule, written in the worst characters, in one frame', () => {
    const input = { name: 'n'.repeat(120), text: '\u0000'.repeat(LIMITS.sbgTextChars) };
    expect(channels['sessions.importSbg'].input.safeParse(input).success).toBe(true);
    const frame = JSON.stringify({ t: 'call', id: Number.MAX_SAFE_INTEGER, channel: 'sessions.importSbg', input });
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it('bounds a program by its JSON budget, below its structure, and refuses one over it in words', () => {
    const list = z.array(z.string().max(1000)).max(1000);
    expect(maxEncodedBytes(withJsonBudget(list, 5000, 'too long'))).toBe(5000);
    expect(maxEncodedBytes(withJsonBudget(list, 5000, 'too long').optional())).toBe(5000);
    expect(maxEncodedBytes(Program)).toBe(LIMITS.programJsonBytes);

    // 256 tone-sets of 16 custom waveforms of 1024 samples each: every part within its own
    // limit, the whole far over the budget.
    const shape = Array.from({ length: 1024 }, (_, i) => (i % 7) + 0.123456789);
    const voices = Array.from({ length: 16 }, (_, slot) => ({ kind: 'wave', shape, carrier: 200, beat: 4, amp: 0.01, slot }));
    const sets = Array.from({ length: 256 }, (_, i) => ({ name: `s${i}`, voices }));
    const r = Program.safeParse({ sets, timeline: [{ at: 0, set: 's0' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain(`a session may take at most ${formatSize(LIMITS.programJsonBytes)}: use fewer tone-sets or shorter custom waveforms`);
    expect(Program.safeParse({ sets: sets.slice(0, 1), timeline: [{ at: 0, set: 's0' }] }).success).toBe(true);
  });

  it('names sizes the way people read them', () => {
    expect([formatSize(512), formatSize(2_100_000), formatSize(262_144), formatSize(8 * 1024 * 1024)]).toEqual(['512 bytes', '2.1 MB', '262 KB', '8.4 MB']);
    expect(oversizedCallMessage(3_200_000)).toMatch(/^This request is 3\.2 MB, more than the \d+(\.\d)? MB Koru takes in one message\./);
  });
});
