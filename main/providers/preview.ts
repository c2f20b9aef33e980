import { PREVIEW_MAX_RATE, PREVIEW_MAX_SEC, providerLabel } from '../../contract/providers';
import { encodeWav16 } from './audio';
import { ProviderError } from './errors';
import type { ProviderId, SpeechAudio } from './types';

/** What a voice preview says when the person gives no text of their own. */
export const PREVIEW_TEXT = 'Breathe in slowly, and let your shoulders soften as you breathe out.';

/** A fade at a cut, so a preview cut at its length limit does not end in a click. */
const FADE_SEC = 0.05;

export interface Preview {
  /** base64 of a 16-bit mono WAV, at most PREVIEW_MAX_SEC long. */
  wav: string;
  sampleRate: number;
  durationSec: number;
}

/** A voiced sample as a small WAV for the renderer to play. */
export function previewWav(provider: ProviderId, audio: SpeechAudio): Preview {
  const { sampleRate } = audio;
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > PREVIEW_MAX_RATE || audio.samples.length === 0) {
    throw new ProviderError(provider, 'bad_reply', { message: `${providerLabel(provider)} sent audio Koru cannot preview` });
  }
  const max = Math.floor(PREVIEW_MAX_SEC * sampleRate);
  let samples = audio.samples;
  if (samples.length > max) {
    samples = samples.slice(0, max);
    const fade = Math.min(max, Math.round(FADE_SEC * sampleRate));
    for (let i = 0; i < fade; i++) samples[max - 1 - i]! *= i / fade;
  }
  const wav = encodeWav16({ samples, sampleRate });
  return { wav: Buffer.from(wav).toString('base64'), sampleRate, durationSec: samples.length / sampleRate };
}
