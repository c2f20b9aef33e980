import type { ProviderQueue } from './queue';
import { KoruError } from '../../contract/errors';
import { ProviderError } from './errors';
import type { SpeechSynth, TextWriter, ToolChat, Transcriber } from './types';

/** Puts a client behind its provider's queue: same interface, plus retries and concurrency. */
export function queuedSpeech(synth: SpeechSynth, queue: ProviderQueue): SpeechSynth {
  return {
    provider: synth.provider,
    get maxChars() {
      return synth.maxChars;
    },
    ...(synth.prepare ? { prepare: (signal?: AbortSignal) => queue.run((s) => synth.prepare!(s), { signal, label: 'limits' }) } : {}),
    voices: (signal) => queue.run((s) => synth.voices(s), { signal, label: 'voices' }),
    speak: (req) => queue.run((s) => synth.speak({ ...req, signal: s }), { signal: req.signal, label: 'speech' }),
  };
}

export function queuedWriter(writer: TextWriter, queue: ProviderQueue): TextWriter {
  return {
    provider: writer.provider,
    write: (req) => queue.run((s) => writer.write({ ...req, signal: s }), { signal: req.signal, label: 'text' }),
  };
}

export function queuedTranscriber(t: Transcriber, queue: ProviderQueue): Transcriber {
  return {
    provider: t.provider,
    get maxUploadBytes() {
      return t.maxUploadBytes;
    },
    get timed() {
      return t.timed;
    },
    transcribe: (req) => queue.run((s) => t.transcribe({ ...req, signal: s }), { signal: req.signal, label: 'transcription' }),
  };
}

/** A streamed turn is retried only while nothing of it has been passed on: a reply half spoken
 *  would otherwise be spoken twice. */
export function queuedToolChat(chat: ToolChat, queue: ProviderQueue): ToolChat {
  return {
    provider: chat.provider,
    turn: (req) =>
      queue.run(
        async (s) => {
          let passed = false;
          try {
            return await chat.turn({ ...req, signal: s, onText: (d) => ((passed = true), req.onText?.(d)) });
          } catch (err) {
            if (!passed || s.aborted) throw err;
            const message = err instanceof ProviderError ? err.message : `${chat.provider} stopped in the middle of its reply`;
            throw new KoruError('PROVIDER', message, { provider: chat.provider, failure: 'network' });
          }
        },
        { signal: req.signal, label: 'chat' },
      ),
  };
}
