import { KoruError } from '../../contract/errors';
import type { Log } from '../log';
import { ProviderError, toProviderError } from './errors';
import type { ProviderId, SpeakRequest, SpeechAudio, SpeechSynth, VoiceInfo } from './types';

/** One provider in a chain, with the voice (and model) to use when the chain falls back to it. */
export interface ChainLink {
  synth: SpeechSynth;
  voice?: string;
  model?: string;
}

export interface SpokenBy {
  audio: SpeechAudio;
  /** The provider that actually spoke. */
  provider: ProviderId;
  voice: string;
  /** The providers tried before it, and why each gave up. */
  skipped: Array<{ provider: ProviderId; error: KoruError }>;
}

export interface SpeechChain extends SpeechSynth {
  readonly providers: ProviderId[];
  /** The provider `req.voice`/`req.model` belong to; the other links use their own voice. */
  readonly primary: ProviderId;
  /** Like speak(), but says which provider spoke and why earlier ones were skipped. */
  speakDetailed(req: SpeakRequest): Promise<SpokenBy>;
}

/**
 * Tries each provider in order. The links are expected to be queued synths: an error reaching
 * the chain is final for that provider (not retryable, or retries exhausted), so the chain moves
 * on. Only the caller's abort stops the chain. `req.voice` belongs to the `primary` provider (the
 * one the person chose; default the first link); every other link speaks with its own configured
 * voice, since voice ids do not carry across vendors.
 */
export function createSpeechChain(links: Array<SpeechSynth | ChainLink>, opts: { log?: Log; primary?: ProviderId } = {}): SpeechChain {
  const chain: ChainLink[] = links.map((l) => ('synth' in l ? l : { synth: l }));
  const first = chain[0];
  if (!first) throw new KoruError('BAD_INPUT', 'a speech chain needs at least one provider');
  const log = opts.log ?? (() => {});
  const primary = opts.primary ?? first.synth.provider;

  async function speakDetailed(req: SpeakRequest): Promise<SpokenBy> {
    const skipped: SpokenBy['skipped'] = [];
    for (const [i, link] of chain.entries()) {
      const mine = link.synth.provider === primary;
      const voice = mine && req.voice.trim() !== '' ? req.voice : (link.voice ?? req.voice);
      const model = mine ? (req.model ?? link.model) : link.model;
      try {
        const audio = await link.synth.speak({ ...req, voice, model });
        checkSpeech(link.synth.provider, audio);
        return { audio, provider: link.synth.provider, voice, skipped };
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const error = err instanceof KoruError ? err : toProviderError(link.synth.provider, err);
        skipped.push({ provider: link.synth.provider, error });
        if (i < chain.length - 1) {
          log('warn', `${link.synth.provider} could not speak; falling back to ${chain[i + 1]!.synth.provider}`, { reason: error.message });
        }
      }
    }
    const last = skipped[skipped.length - 1]!.error;
    const summary = skipped.map((s) => s.error.message).join('; ');
    if (last instanceof ProviderError) {
      throw new ProviderError(last.provider, last.failure, { status: last.status, message: `No voice could speak this: ${summary}` });
    }
    throw new KoruError(last.code, `No voice could speak this: ${summary}`);
  }

  return {
    provider: first.synth.provider,
    providers: chain.map((l) => l.synth.provider),
    primary,
    // Chunks must fit every provider the chain may fall back to.
    get maxChars() {
      return Math.min(...chain.map((l) => l.synth.maxChars));
    },
    async prepare(signal) {
      // A provider that cannot warm up (offline network, bad key) is still in the chain.
      await Promise.all(chain.map((l) => l.synth.prepare?.(signal).catch(() => undefined)));
    },
    voices: (signal?: AbortSignal): Promise<VoiceInfo[]> => first.synth.voices(signal),
    async speak(req) {
      return (await speakDetailed(req)).audio;
    },
    speakDetailed,
  };
}

/** A reply that is not usable audio counts as that provider failing (the chain goes on): every
 *  caller — rituals, stories, dubbing, practice — gets samples it can cache and play. */
function checkSpeech(provider: ProviderId, a: SpeechAudio): void {
  const ok = a && a.samples instanceof Float32Array && a.samples.length > 0 && Number.isInteger(a.sampleRate) && a.sampleRate >= 8000 && a.sampleRate <= 384000;
  if (!ok) throw new ProviderError(provider, 'bad_reply');
}
