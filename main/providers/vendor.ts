import type { KeyedProviderId, PROVIDERS, ProviderId, ProviderSettings } from '../../contract/providers';
import type { SpeechSynth, TextWriter, ToolChat, Transcriber, VoiceAgent } from './types';

/**
 * The implementation side of the provider table (contract/providers.ts): what a vendor must
 * offer follows from its declared capabilities, so a declared capability without its client,
 * or a vendor missing from VENDORS (vendors.ts), is a compile error.
 */
type Caps<P extends ProviderId> = (typeof PROVIDERS)[P]['capabilities'][number];

/** How a cloud client reaches its endpoint: the key entered for it (or KEYLESS for a server on
 *  this machine), the base URL, and the fetch that refuses to leave its origin. */
export interface Connection {
  apiKey: string;
  baseUrl: string;
  fetch: typeof fetch;
}

export interface VendorContext<P extends ProviderId> {
  settings: ProviderSettings[P];
  connection: P extends KeyedProviderId ? Connection : undefined;
}

type Make<P extends ProviderId, T> = (ctx: VendorContext<P>) => T;

export type Vendor<P extends ProviderId> = ('speech' extends Caps<P> ? { speech: Make<P, SpeechSynth> } : { speech?: never }) &
  ('text' extends Caps<P> ? { writer: Make<P, TextWriter> } : { writer?: never }) &
  ('transcribe' extends Caps<P> ? { transcriber: Make<P, Transcriber> } : { transcriber?: never }) &
  ('tools' extends Caps<P> ? { toolChat: Make<P, ToolChat> } : { toolChat?: never }) &
  ('agent' extends Caps<P> ? { agent: Make<P, VoiceAgent> } : { agent?: never }) &
  (P extends KeyedProviderId
    ? {
        /** "Test connection": one cheap authenticated call; resolves to what it found, in a few
         *  words ("3 models available"). */
        probe(c: Connection, signal: AbortSignal): Promise<string>;
      }
    : { /** "Test connection" for a built-in provider: get ready to answer. */ ready(): Promise<void> });

/** What a model listing says about a connection. */
export const modelCount = (models: string[]): string => `${models.length} model${models.length === 1 ? '' : 's'} available`;
