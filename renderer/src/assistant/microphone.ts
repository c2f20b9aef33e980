/**
 * The microphone, in the page: getUserMedia with the browser's echo cancellation (it removes
 * what this page plays, i.e. the assistant's replies, so the assistant does not hear itself on
 * laptop speakers), blocks through the VAD, and what the engine wants: whole utterances as a
 * 16 kHz WAV (turn by turn) or a stream of 24 kHz PCM frames (the voice agent).
 */
import { AGENT_INPUT_RATE, UTTERANCE_MAX_SEC, UTTERANCE_RATE } from '../../../contract/assistant';
import { pcm16, resample, toBase64, wav16 } from './pcm';
import { createVad } from './vad';

export interface MicHandlers {
  /** Speech began (barge-in: stop the reply now). */
  onSpeechStart(): void;
  /** A whole utterance, as base64 WAV (turn by turn). */
  onUtterance?(wav: string): void;
  /** Raw frames, base64 linear16 at AGENT_INPUT_RATE, about every 100 ms (the voice agent). */
  onFrames?(pcm: string): void;
  onLevel?(db: number): void;
}

export interface Mic {
  stop(): void;
  readonly context: AudioContext;
}

/** Why the microphone cannot be used, in words (text still works). */
export function micProblem(err: unknown): string {
  const name = (err as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Microphone permission was denied — you can still type.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found — you can still type.';
  if (typeof navigator === 'undefined' || !navigator.mediaDevices) return 'This browser gives Koru no microphone here (it needs https or localhost) — you can still type.';
  return `The microphone could not be opened (${(err as Error)?.message ?? String(err)}) — you can still type.`;
}

export async function openMic(ctx: AudioContext, h: MicHandlers): Promise<Mic> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 } });
  const source = ctx.createMediaStreamSource(stream);
  // ScriptProcessor: deprecated but everywhere, and needs no module file (the CSP allows only ours).
  const proc = ctx.createScriptProcessor(1024, 1, 1);
  const vad = createVad({ sampleRate: ctx.sampleRate });
  const maxSamples = UTTERANCE_MAX_SEC * ctx.sampleRate;
  let frames: Float32Array[] = [];
  let framed = 0;
  proc.onaudioprocess = (e) => {
    const block = new Float32Array(e.inputBuffer.getChannelData(0));
    for (const ev of vad.push(block)) {
      if (ev.type === 'start') h.onSpeechStart();
      else if (h.onUtterance) h.onUtterance(toBase64(wav16(resample(ev.audio.subarray(0, maxSamples), ctx.sampleRate, UTTERANCE_RATE), UTTERANCE_RATE)));
    }
    if (h.onFrames) {
      frames.push(block);
      framed += block.length;
      if (framed >= ctx.sampleRate / 10) {
        const all = new Float32Array(framed);
        let at = 0;
        for (const f of frames) {
          all.set(f, at);
          at += f.length;
        }
        frames = [];
        framed = 0;
        h.onFrames(toBase64(pcm16(resample(all, ctx.sampleRate, AGENT_INPUT_RATE))));
      }
    }
    e.outputBuffer.getChannelData(0).fill(0);
  };
  source.connect(proc);
  proc.connect(ctx.destination); // a ScriptProcessor runs only while connected
  return {
    context: ctx,
    stop() {
      const rest = vad.flush();
      if (rest && h.onUtterance) h.onUtterance(toBase64(wav16(resample(rest.subarray(0, maxSamples), ctx.sampleRate, UTTERANCE_RATE), UTTERANCE_RATE)));
      proc.onaudioprocess = null;
      proc.disconnect();
      source.disconnect();
      for (const t of stream.getTracks()) t.stop();
    },
  };
}
