import { describe, expect, it } from 'vitest';
import { channels, Program, SessionDraft, Voice } from './index';

const program = {
  sets: [{ name: 'alpha', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }] }],
  timeline: [{ at: 0, set: 'alpha' }],
};

describe('contract', () => {
  it('fills defaults for a minimal program', () => {
    const p = Program.parse(program);
    expect(p.transitionSec).toBe(10);
    expect(p.timeline[0]).toMatchObject({ fadeIn: 'fade', fadeOut: 'fade', slide: false });
  });

  it('refuses a timeline naming an unknown tone-set', () => {
    const r = Program.safeParse({ ...program, timeline: [{ at: 0, set: 'beta' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/unknown tone-set "beta"/);
  });

  it('refuses out-of-order timelines and duplicate set names', () => {
    expect(Program.safeParse({ ...program, timeline: [{ at: 5, set: 'alpha' }, { at: 1, set: 'alpha' }] }).success).toBe(false);
    expect(Program.safeParse({ ...program, sets: [program.sets[0], program.sets[0]] }).success).toBe(false);
  });

  it('refuses inaudible carriers and amplitudes above 1', () => {
    expect(Voice.safeParse({ kind: 'sine', freq: 0, amp: 0.5 }).success).toBe(false);
    expect(Voice.safeParse({ kind: 'sine', freq: 440, amp: 1.5 }).success).toBe(false);
    expect(Voice.safeParse({ kind: 'noise', color: 'grey', amp: 0.5 }).success).toBe(false);
  });

  it('requires a session name and a positive duration', () => {
    expect(SessionDraft.safeParse({ name: ' ', program, durationSec: 60 }).success).toBe(false);
    expect(SessionDraft.safeParse({ name: 'x', program, durationSec: 0 }).success).toBe(false);
    expect(SessionDraft.parse({ name: ' x ', program, durationSec: 60 }).name).toBe('x');
  });

  it('strict inputs refuse unknown keys', () => {
    expect(channels['sessions.get'].input.safeParse({ id: 'a', extra: 1 }).success).toBe(false);
    expect(channels['sessions.get'].input.safeParse({ id: '../etc' }).success).toBe(false);
  });
});

describe('settings patch', () => {
  it('carries only the keys the caller sent', async () => {
    const { SettingsPatch } = await import('./settings');
    expect(SettingsPatch.parse({ maxVolume: 0.5 })).toEqual({ maxVolume: 0.5 });
  });
});
