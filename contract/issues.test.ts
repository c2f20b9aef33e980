import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, fieldMessage, fieldName, formatIssues, plainPaths } from './issues';
import { SessionDraft } from './session';

const program = (voice: Record<string, unknown>) => ({
  sets: [{ name: 'main', voices: [{ kind: 'sine', freq: 200, amp: 0.2 }, voice] }],
  timeline: [{ at: 0, set: 'main' }],
});

function issuesOf(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues;
}

describe('issue formatter', () => {
  it('names fields in plain words, innermost first', () => {
    expect(fieldName(['program', 'sets', 0, 'voices', 1, 'amp'])).toBe('Amplitude of voice 2 in tone-set 1');
    expect(fieldName(['program', 'timeline', 2, 'at'])).toBe('Start time of timeline row 3');
    expect(fieldName(['tags', 3])).toBe('Tag 4');
    expect(fieldName(['openai', 'baseUrl'])).toBe('Endpoint URL of OpenAI');
    expect(fieldName(['durationSec'])).toBe('Duration');
    expect(fieldName(['someNewField'])).toBe('Some new field');
    expect(fieldName([])).toBe('The request');
    const named = fieldName(['program', 'sets', 0, 'voices', 1, 'amp'], { itemName: (list, i) => (list === 'sets' ? `tone-set “s${i}”` : undefined) });
    expect(named).toBe('Amplitude of voice 2 in tone-set “s0”');
  });

  it('speaks sentences, never zod wording, paths or channel names', () => {
    const [amp] = issuesOf(SessionDraft, { name: 'x', durationSec: 60, program: program({ kind: 'sine', freq: 300, amp: 3 }) });
    expect(describeIssue(amp!)).toBe('Amplitude of voice 2 in tone-set 1 must be at most 1.');
    expect(fieldMessage(amp!)).toBe('must be at most 1');
    const { message, details } = formatIssues(issuesOf(SessionDraft, {}));
    expect(message).toMatch(/^Name is required\. Program is required\. Duration is required\.$/);
    expect(message).not.toMatch(/Invalid input|expected|›|\w\.\w/);
    expect(details).toEqual([
      { path: 'name', message: 'required' },
      { path: 'program', message: 'required' },
      { path: 'durationSec', message: 'required' },
    ]);
  });

  it('keeps the contract’s own words and says where when it matters', () => {
    const issues = issuesOf(SessionDraft, { name: ' ', durationSec: 60, program: { sets: [{ name: 'a', voices: [] }], timeline: [{ at: 0, set: 'b' }] } });
    expect(issues.map((i) => describeIssue(i))).toEqual(['A name is required.', 'Unknown tone-set "b" (tone-set of timeline row 1).']);
    expect(fieldMessage(issues[0]!)).toBe('a name is required');
  });

  it('phrases lengths, types, options and unknown keys', () => {
    const schema = z.object({ text: z.string().max(5), n: z.number(), kind: z.enum(['wav', 'mp3']), tags: z.array(z.string()).max(1) }).strict();
    const { message, details } = formatIssues(issuesOf(schema, { text: 'toolong', n: Number.NaN, kind: 'ogg', tags: ['a', 'b'], x: 1 }), { maxShown: 5 });
    expect(message).toBe(
      'Text may be at most 5 characters. N must be a number. Type must be one of “wav”, “mp3”. Tags may have at most 1 item. The request has a field Koru does not know: “x”.',
    );
    expect(details.map((d) => d.message)).toEqual(['at most 5 characters', 'enter a number', 'must be one of “wav”, “mp3”', 'at most 1 item', 'has a field Koru does not know: “x”']);
  });

  it('spells out the first few problems, counts the rest and bounds the details', () => {
    const many = z.array(z.number().max(0)).safeParse(Array.from({ length: 50 }, () => 1));
    const { message, details } = formatIssues(many.error!);
    expect(message).toMatch(/ And 47 more problems\.$/);
    expect(details).toHaveLength(20);
  });
});

describe('plainPaths', () => {
  const bad = z.object({ program: z.object({ sets: z.array(z.object({ voices: z.array(z.object({ amp: z.number().max(1) })) })) }) }).safeParse({ program: { sets: [{ voices: [{ amp: 0 }, { amp: 3 }] }] } }).error!;
  it.each([
    ['voice 2 › amp must be at most 1', 'Voice 2: Amplitude must be at most 1'],
    ['tone-set 1 › voice 2 › amp is too loud', 'Tone-set 1, voice 2: Amplitude is too loud'],
    ['program.sets.0.voices.1.amp: Too big: expected number to be <=1', 'Amplitude of voice 2 in tone-set 1 must be at most 1'],
    ['maxVolume: Too big: expected number to be <=1', 'Maximum volume must be at most 1'],
    ['Too small: expected number to be >=0', 'A value must be at least 0.'],
    [bad.message, 'Amplitude of voice 2 in tone-set 1 must be at most 1.'],
    [z.prettifyError(bad), 'Amplitude of voice 2 in tone-set 1 must be at most 1.'],
  ])('%j → %j', (raw, plain) => expect(plainPaths(raw)).toBe(plain));

  it('leaves file names, quoted titles and ordinary colons alone', () => {
    for (const text of ['Calm.mp3: could not be written', 'The session “A.b” is gone.', 'Port: /dev/ttyUSB0 is busy.', '[draft] is not JSON']) expect(plainPaths(text)).toBe(text);
  });
});
