/** The provider layer's public surface (rituals, stories, dubbing and the app import from here). */
export type * from './types';
export { ProviderError, providerMessage, isRetryable, parseRetryAfter, toProviderError, PROVIDER_NAMES } from './errors';
export { createQueue, DEFAULT_CONCURRENCY, type ProviderQueue, type QueueOptions, type QueueStats } from './queue';
export { createSpeechChain, type ChainLink, type SpeechChain, type SpokenBy } from './fallback';
export { chunkText, type TextChunk } from './chunk';
export { s16leToFloat32, parseL16, decodeMp3, decodeWav, rms } from './audio';
export { createProviders, type Providers, type ProvidersOptions, type ConnectionResult } from './registry';
export { ProviderSettings, ProviderSettingsPatch, defaultProviderSettings, concurrencyFor } from './settings';
export { createOfflineSpeech, OFFLINE_VOICES, OFFLINE_MAX_CHARS, type OfflineSpeech } from './offline';
export { createOpenAISpeech, createOpenAIWriter, createOpenAITranscriber, OPENAI_VOICES } from './openai';
export { createElevenLabsSpeech } from './elevenlabs';
export { createGeminiSpeech, createGeminiWriter, GEMINI_VOICES } from './gemini';
