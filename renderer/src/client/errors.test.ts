import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorMessage } from '../app/errors';
import { KoruClientError, unwrapResult, userMessage } from './errors';

describe('user messages', () => {
  it.each([
    ['playback.start: Nothing to play: the session is empty.', 'Nothing to play: the session is empty.'],
    ["Error invoking remote method 'rituals.generate': Error: rituals.generate: The writer is busy.", 'The writer is busy.'],
    ['voice 2 › amp must be at most 1', 'Voice 2: Amplitude must be at most 1'],
    ['program.sets.0.voices.1.amp: Too big: expected number to be <=1', 'Amplitude of voice 2 in tone-set 1 must be at most 1'],
    ['amp.set: volume: Too big: expected number to be <=100', 'Volume must be at most 100'],
  ])('%j reads %j', (raw, plain) => {
    expect(userMessage(raw)).toBe(plain);
    expect(new KoruClientError('BAD_INPUT', raw).message).toBe(plain);
    expect(errorMessage(new Error(raw))).toBe(plain);
  });

  it('leaves words written for people alone, dots, colons and all', () => {
    for (const text of ['Saved to Calm.mp3: 4.2 MB.', 'The amplifier did not answer at 9600 baud — is it on?', 'Note: the offline voice spoke instead.']) {
      expect(userMessage(text)).toBe(text);
    }
  });

  it('cleans what arrives from main through the one constructor, and a raw zod error too', () => {
    const reply = { ok: false, error: { code: 'BAD_INPUT', message: 'sessions.update: draft › name is required' } };
    expect(() => unwrapResult(reply)).toThrow(new KoruClientError('BAD_INPUT', 'Draft: Name is required'));
    const zodError = z.object({ voices: z.array(z.object({ amp: z.number().max(1) })) }).safeParse({ voices: [{ amp: 2 }] }).error!;
    expect(errorMessage(zodError)).toBe('Amplitude of voice 1 must be at most 1.');
    expect(errorMessage(new Error(z.prettifyError(zodError)))).toBe('Amplitude of voice 1 must be at most 1.');
  });
});
