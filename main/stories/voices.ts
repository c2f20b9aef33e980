/** Who speaks a story: the seed's narrators (Rachel, Drew, Bella, Antoni) mapped to each speaking
 *  provider's nearest voice and to the offline voice's eSpeak variants, and how fast each speaks. */
import { DEFAULT_STORY_VOICE, SEED_VOICES, type SeedVoice, type StoryRequest, type StorySpeaker } from '../../contract/stories';
import type { ProviderId } from '../providers';

/** Words per minute before anything is measured (a measured pace replaces it: story_voice_pace). */
export const DEFAULT_WPM: Partial<Record<ProviderId, number>> = { elevenlabs: 150, openai: 155, gemini: 160, offline: 150 };
export const FALLBACK_WPM = 150;

/** The narrator and, for a podcast, a guest who sounds different (another pitch or accent). */
export function storyVoices(req: Pick<StoryRequest, 'voices' | 'style'>): Record<StorySpeaker, SeedVoice> {
  const host = req.voices?.[0] ?? DEFAULT_STORY_VOICE;
  const guest = req.voices?.[1] ?? (host === 'drew' ? 'rachel' : host === 'rachel' ? 'drew' : host === 'bella' ? 'antoni' : 'bella');
  return { host, guest: guest === host ? (host === 'drew' ? 'rachel' : 'drew') : guest };
}

/** A seed voice as `provider` says it; a provider without a mapping keeps its own configured voice. */
export function providerVoice(provider: ProviderId, seed: SeedVoice): string | undefined {
  const v = SEED_VOICES[seed] as Record<string, string>;
  return v[provider];
}
