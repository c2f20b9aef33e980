import { describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { ProviderError } from './errors';
import { createSpeechChain } from './fallback';
import type { ProviderId, SpeakRequest, SpeechSynth } from './types';

/** A synth that records what it was asked and fails or answers as told. */
function fake(provider: ProviderId, maxChars: number, fail?: () => Error) {
  const asked: SpeakRequest[] = [];
  const synth: SpeechSynth = {
    provider,
    maxChars,
    voices: async () => [],
    async speak(req) {
      asked.push(req);
      if (fail) throw fail();
      return { samples: new Float32Array(10), sampleRate: 24_000 };
    },
  };
  return { synth, asked };
}

describe('speech fallback chain', () => {
  it('moves on after a final failure and reports who spoke and why others were skipped', async () => {
    const el = fake('elevenlabs', 5000, () => new ProviderError('elevenlabs', 'busy'));
    const oa = fake('openai', 4096);
    const chain = createSpeechChain([{ synth: el.synth, voice: 'rachel' }, { synth: oa.synth, voice: 'alloy', model: 'tts-1' }]);
    const r = await chain.speakDetailed({ text: 'Hi.', voice: 'domi', model: 'eleven_v3' });
    expect(r.provider).toBe('openai');
    expect(el.asked[0]).toMatchObject({ voice: 'domi', model: 'eleven_v3' }); // the person's choice
    expect(oa.asked[0]).toMatchObject({ voice: 'alloy', model: 'tts-1' }); // the fallback's own
    expect(r.skipped.map((s) => s.provider)).toEqual(['elevenlabs']);
    expect(chain.maxChars).toBe(4096); // a chunk must fit wherever it may land
  });

  it('a reply that is not usable audio counts as that provider failing: the next one speaks', async () => {
    const broken: SpeechSynth = { provider: 'gemini', maxChars: 1000, voices: async () => [], speak: async () => ({ samples: new Float32Array(0), sampleRate: 24_000 }) };
    const odd: SpeechSynth = { ...broken, provider: 'elevenlabs', speak: async () => ({ samples: new Float32Array(10), sampleRate: 3 }) };
    const oa = fake('openai', 4096);
    const r = await createSpeechChain([{ synth: broken }, { synth: odd }, { synth: oa.synth }]).speakDetailed({ text: 'Hi.', voice: '' });
    expect(r.provider).toBe('openai');
    expect(r.skipped.map((s) => [s.provider, (s.error as ProviderError).failure])).toEqual([
      ['gemini', 'bad_reply'],
      ['elevenlabs', 'bad_reply'],
    ]);
    expect(r.skipped[0]!.error.message).toMatch(/Gemini sent a reply Koru could not use/);
  });

  it('when all fail, one error names every reason', async () => {
    const chain = createSpeechChain([
      fake('openai', 4096, () => new ProviderError('openai', 'auth')).synth,
      fake('offline', 1000, () => new KoruError('BAD_INPUT', 'unknown offline voice')).synth,
    ]);
    const err = await chain.speak({ text: 'Hi.', voice: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KoruError);
    expect((err as Error).message).toBe('No voice could speak this: OpenAI rejected the API key — check it in Settings → Providers; unknown offline voice');
  });

  it('stops at once when the caller aborts', async () => {
    const ac = new AbortController();
    const first = fake('openai', 4096, () => {
      ac.abort();
      return new Error('aborted');
    });
    const second = fake('offline', 1000);
    const chain = createSpeechChain([first.synth, second.synth]);
    await expect(chain.speak({ text: 'Hi.', voice: '', signal: ac.signal })).rejects.toThrow('aborted');
    expect(second.asked).toHaveLength(0);
  });

  it('needs at least one provider', () => {
    expect(() => createSpeechChain([])).toThrow(/at least one/);
  });
});
