import type { EventPayloadInput } from '../ipc';
import type { Log } from '../log';
import type { GitHubAccess, ProviderId, SpeechChain, TextWriter, VoiceInfo } from '../providers';

/** What stories need from the provider registry (`createProviders` satisfies it). */
export interface StoryProviders {
  speech(order?: ProviderId[]): SpeechChain;
  writer(id?: ProviderId): TextWriter;
  isConfigured(id: ProviderId): boolean;
  voices(id: ProviderId, signal?: AbortSignal): Promise<VoiceInfo[]>;
  github?(): GitHubAccess;
}

export interface StoryEmit {
  (event: 'story.updated', payload: EventPayloadInput<'story.updated'>): unknown;
}

export type { Log };
