import { describe, expect, it } from 'vitest';
import { RitualRequest, RitualScript } from '../../contract/rituals';
import { countWords, estimateSpeechSec, intentionPhrase, resolveFocus, speechFraction, WORDS_PER_MINUTE, writeOfflineScript } from './offline-writer';

const req = (over: Partial<RitualRequest> = {}) => RitualRequest.parse({ intention: 'I want to reduce stress before sleep', minutes: 10, ...over });
const words = (s: RitualScript) => s.sections.reduce((n, x) => n + countWords(x.text), 0);
const totalSec = (s: RitualScript) => s.sections.reduce((n, x) => n + estimateSpeechSec(x.text) + x.pauseAfterSec, 0);

describe('offline writer', () => {
  it.each([5, 10, 20, 45, 90])('sizes a %i-minute ritual to its duration', (minutes) => {
    const s = RitualScript.parse(writeOfflineScript(req({ minutes, focus: ['breathing', 'body-scan'] })));
    const target = minutes * speechFraction(minutes) * WORDS_PER_MINUTE;
    expect(Math.abs(words(s) - target) / target).toBeLessThan(0.2);
    expect(Math.abs(totalSec(s) - minutes * 60) / (minutes * 60)).toBeLessThan(0.05);
    expect(s.sections[0]?.kind).toBe('opening');
    expect(s.sections.at(-1)?.kind).toBe('closing');
  });

  it('repeats no paragraph while another area still has unused ones', () => {
    const s = writeOfflineScript(req({ minutes: 5, focus: ['breathing', 'sleep'] }));
    const texts = s.sections.map((x) => x.text);
    expect(new Set(texts).size).toBe(texts.length);
    // Both areas get an even share of the words (within one paragraph).
    const per = (k: string) => s.sections.filter((x) => x.kind === k).reduce((n, x) => n + countWords(x.text), 0);
    expect(Math.abs(per('breathing') - per('sleep'))).toBeLessThanOrEqual(50);
    // A long one uses every paragraph of both areas before any comes back.
    const long = writeOfflineScript(req({ minutes: 12, focus: ['breathing', 'sleep'] })).sections.map((x) => x.text);
    expect(long.length).toBeGreaterThan(13);
    expect(new Set(long).size).toBe(13); // opening + 6 breathing + 5 sleep + closing
    expect(s.title).toBe('Drifting Into Sleep');
  });

  it('keeps a one-minute ritual short', () => {
    const s = writeOfflineScript(req({ minutes: 1 }));
    expect(s.sections.length).toBeLessThanOrEqual(3);
    expect(totalSec(s)).toBeLessThan(75);
  });

  it('is deterministic and varies with the request', () => {
    expect(writeOfflineScript(req())).toEqual(writeOfflineScript(req()));
    const a = JSON.stringify(writeOfflineScript(req({ style: 'poetic' })));
    expect(a).not.toEqual(JSON.stringify(writeOfflineScript(req({ style: 'direct' }))));
  });

  it('weaves in the intention (in the second person) and the focus areas', () => {
    const s = writeOfflineScript(req({ intention: 'I want to feel at home in my body', focus: ['loving-kindness', 'courage'] }));
    const text = s.sections.map((x) => x.text).join(' ');
    expect(text).toContain('to feel at home in your body');
    expect(text).toContain('courage');
    expect(s.sections.some((x) => x.kind === 'loving-kindness')).toBe(true);
    expect(text).not.toMatch(/\{intention\}/);
  });

  it('infers focus from the intention when none is given', () => {
    expect(resolveFocus({ intention: 'sleep better', focus: [] }).kinds).toEqual(['sleep']);
    expect(resolveFocus({ intention: 'be here', focus: [] }).kinds).toEqual(['breathing', 'relaxation']);
    expect(intentionPhrase('More patience.')).toBe('more patience');
  });

  it('ends a sleep ritual without waking the listener', () => {
    const s = writeOfflineScript(req({ focus: ['sleep'] }));
    expect(s.sections.at(-1)?.text).not.toMatch(/open your eyes/i);
  });
});
