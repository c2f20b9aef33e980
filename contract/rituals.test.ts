import { describe, expect, it } from 'vitest';
import { channels } from './channels';
import { events } from './events';
import { RitualRequest, RitualScript } from './rituals';

describe('ritual contract', () => {
  it('fills request defaults and trims the intention', () => {
    const r = RitualRequest.parse({ intention: '  reduce stress before sleep ', minutes: 10 });
    expect(r).toMatchObject({ intention: 'reduce stress before sleep', focus: [], style: 'gentle', bed: 'alpha-relax' });
  });

  it('states the minutes range and refuses empty intentions and unknown keys', () => {
    const bad = RitualRequest.safeParse({ intention: 'calm', minutes: 500 });
    expect(bad.error?.issues[0]?.message).toMatch(/between 1 and 90/);
    expect(RitualRequest.safeParse({ intention: '   ', minutes: 5 }).success).toBe(false);
    expect(RitualRequest.safeParse({ intention: 'calm', minutes: 5, apiKey: 'x' }).success).toBe(false);
    expect(RitualRequest.safeParse({ intention: 'calm', minutes: 5, focus: Array(9).fill('sleep') }).success).toBe(false);
  });

  it('validates scripts', () => {
    expect(RitualScript.safeParse({ title: 'T', sections: [] }).success).toBe(false);
    expect(RitualScript.safeParse({ title: 'T', sections: [{ kind: 'opening', text: 'Hello.', pauseAfterSec: 3 }] }).success).toBe(true);
    expect(RitualScript.safeParse({ title: 'T', sections: [{ kind: 'opening', text: 'Hello.', pauseAfterSec: -1 }] }).success).toBe(false);
  });

  it('is spread into the app channel and event lists', () => {
    expect(channels['rituals.generate']).toBeDefined();
    expect(events['ritual.progress']).toBeDefined();
  });
});
