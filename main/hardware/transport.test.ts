import { describe, expect, it } from 'vitest';
import { failureOf, openTransport, type ReplyParser } from './transport';
import { mockPort, respondingBinding, ROUND_TRIP_MS } from './testing';

/** Accepts the first complete line that starts with `want`. */
const lineStarting = (want: string): ReplyParser<string> => (r) => {
  const line = r.split('\n').slice(0, -1).find((l) => l.startsWith(want));
  return line === undefined ? null : { value: line };
};

describe('serial transport', () => {
  it('keeps one command on the wire at a time, in order', async () => {
    const order = ['a', 'b', 'c'];
    const answered = new Set<string>();
    const early: string[] = [];
    const binding = respondingBinding((w) => {
      const c = w.trim();
      // Every earlier command must have had its reply parsed before this one was written.
      for (const prev of order.slice(0, order.indexOf(c))) if (!answered.has(prev)) early.push(`${c} before ${prev}'s reply`);
      return `R ${c}\n`;
    }, { delayMs: 3 });
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding, defaultTimeoutMs: ROUND_TRIP_MS });
    const parse = (c: string): ReplyParser<string> => (r) => {
      const got = lineStarting(`R ${c}`)(r);
      if (got) answered.add(c);
      return got;
    };
    const replies = await Promise.all(order.map((c) => t.request(`${c}\n`, parse(c))));
    expect(replies).toEqual(['R a', 'R b', 'R c']);
    expect(early).toEqual([]);
    await t.close();
  });

  it('a timed-out command does not poison the next: its late reply is discarded', async () => {
    const binding = respondingBinding((w) => (w.startsWith('slow') ? null : 'OK fast\n'));
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding, defaultTimeoutMs: 60 });
    const slow = t.request('slow\n', lineStarting('OK slow'));
    await expect(slow).rejects.toSatisfy((e) => failureOf(e) === 'timeout');
    expect(await t.request('fast\n', lineStarting('OK fast'))).toBe('OK fast');
    await t.close();
  });

  it('a parser that throws is reported as nonsense, not a crash', async () => {
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding: respondingBinding(() => 'x\n') });
    const boom: ReplyParser<never> = () => {
      throw new Error('bad digits');
    };
    await expect(t.request('q\n', boom)).rejects.toThrow(/unexpected reply "x\\n" \(bad digits\)/);
    await t.close();
  });

  it('rejects the pending command when the port closes, and refuses new ones', async () => {
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding: respondingBinding(() => null), defaultTimeoutMs: 5000 });
    let closedWith: Error | null | undefined;
    t.onClose((err) => (closedWith = err));
    const pending = t.request('q\n', lineStarting('never'));
    await t.close();
    await expect(pending).rejects.toSatisfy((e) => failureOf(e) === 'closed');
    expect(closedWith).toBeNull();
    await expect(t.request('q\n', lineStarting('x'))).rejects.toThrow(/closed/);
  });

  it('names a port that cannot be opened', async () => {
    await expect(openTransport({ path: '/dev/koru-missing', baudRate: 9600, binding: respondingBinding(() => null) })).rejects.toSatisfy(
      (e) => failureOf(e) === 'open' && /\/dev\/koru-missing/.test((e as Error).message),
    );
  });
});
