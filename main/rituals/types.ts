import type { EventPayloadInput } from '../ipc';
import type { Log } from '../log';
import type { SpeechChain } from '../providers';
import type { ProviderId, TextWriter, VoiceInfo } from '../providers';

/** What rituals need from the provider registry (`createProviders` satisfies it). */
export interface RitualProviders {
  /** The speech fallback chain for `order` (keyless providers left out, offline last). */
  speech(order?: ProviderId[]): SpeechChain;
  writer(id?: ProviderId): TextWriter;
  isConfigured(id: ProviderId): boolean;
  voices(id: ProviderId, signal?: AbortSignal): Promise<VoiceInfo[]>;
}

export interface RitualEmit {
  (event: 'ritual.progress', payload: EventPayloadInput<'ritual.progress'>): unknown;
  (event: 'ritual.updated', payload: EventPayloadInput<'ritual.updated'>): unknown;
}

export type { Log };
