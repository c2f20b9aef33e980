/** The provider layer's public surface (rituals, stories, dubbing and the app import from here). */
export type * from './types';
export { ProviderError, providerMessage, isRetryable, parseRetryAfter, toProviderError, PROVIDER_NAMES } from './errors';
export { createQueue, DEFAULT_CONCURRENCY, type ProviderQueue, type QueueOptions, type QueueStats } from './queue';
export { createSpeechChain, type ChainLink, type SpeechChain, type SpokenBy } from './fallback';
export { chunkText, type TextChunk } from './chunk';
export { s16leToFloat32, parseL16, decodeMp3, decodeWav, encodeWav16, rms } from './audio';
export { createProviders, type Providers, type ProvidersOptions, type ConnectionResult, type PreviewRequest } from './registry';
export { buildProviderHandlers, type ProviderHandlers, type ProviderHandlerDeps } from './handlers';
export { ProviderSettings, ProviderSettingsPatch, defaultProviderSettings, concurrencyFor } from './settings';
export { guardedFetch } from './guarded-fetch';
export { KEYLESS, resolveEndpoint, resolveCredential, type Endpoint, type Credential } from './endpoint';
export { PREVIEW_TEXT, previewWav, type Preview } from './preview';
export { VENDORS } from './vendors';
export type { Vendor, VendorContext, Connection } from './vendor';
export { createOfflineSpeech, OFFLINE_VOICES, OFFLINE_MAX_CHARS, type OfflineSpeech } from './offline';
export { createOpenAISpeech, createOpenAIWriter, createOpenAITranscriber, OPENAI_VOICES } from './openai';
export { createElevenLabsSpeech } from './elevenlabs';
export { createGeminiSpeech, createGeminiWriter, GEMINI_VOICES } from './gemini';
