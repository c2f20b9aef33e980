/**
 * Reply text → speech, sentence by sentence: text deltas are cut at sentence ends, each sentence
 * is voiced as soon as it is complete (the next one is voiced while the first plays), and the
 * audio goes out in order, in pieces of at most AUDIO_CHUNK_SEC, to whatever plays it (the page).
 * Aborting stops everything not yet sent.
 */
import { AUDIO_CHUNK_SEC } from '../../contract/assistant';
import type { SpeechSynth } from '../providers';

export interface AudioPiece {
  seq: number;
  sampleRate: number;
  /** 16-bit mono PCM, little-endian. */
  pcm: Uint8Array;
}

/** Complete sentences out of a stream of text; the rest waits for more (or the end). */
export function sentenceSplitter(onSentence: (s: string) => void) {
  let buf = '';
  const SENTENCE = /^([\s\S]*?[.!?…]+["')\]]*)(\s+)/;
  return {
    push(delta: string) {
      buf += delta;
      for (let m = SENTENCE.exec(buf); m; m = SENTENCE.exec(buf)) {
        const s = m[1]!.trim();
        buf = buf.slice(m[0].length);
        if (s) onSentence(s);
      }
    },
    end() {
      const s = buf.trim();
      buf = '';
      if (s) onSentence(s);
    },
  };
}

export function toPcm16(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), true);
  return out;
}

export function createSpeaker(o: { synth: SpeechSynth; voice?: string; send: (p: AudioPiece) => void; signal: AbortSignal; onError?: (err: unknown) => void }) {
  let seq = 0;
  let chain: Promise<void> = Promise.resolve();
  let spoken = 0;
  const splitter = sentenceSplitter((sentence) => {
    // Voicing starts now; sending waits for the sentences before it.
    const audio = o.synth.speak({ text: sentence, voice: o.voice ?? '', signal: o.signal }).catch((err: unknown) => {
      if (!o.signal.aborted) o.onError?.(err);
      return null;
    });
    chain = chain.then(async () => {
      const a = await audio;
      if (!a || o.signal.aborted) return;
      const step = Math.max(1, Math.floor(a.sampleRate * AUDIO_CHUNK_SEC));
      for (let i = 0; i < a.samples.length && !o.signal.aborted; i += step) {
        o.send({ seq: seq++, sampleRate: a.sampleRate, pcm: toPcm16(a.samples.subarray(i, i + step)) });
      }
      spoken++;
    });
  });
  return {
    push: (delta: string) => splitter.push(delta),
    /** Voices what is left and resolves once everything was sent (or aborted). */
    async end(): Promise<number> {
      splitter.end();
      await chain;
      return spoken;
    },
  };
}
