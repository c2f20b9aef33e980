import { z } from 'zod';
import { Empty, type ChannelMap, type EventMap } from './channel-map';

/**
 * The provider table: every vendor declared once, with the facts both sides need (label,
 * capabilities, environment variables, default endpoint, concurrency, settings fields and their
 * defaults). The ids, the settings schema, the status shape and the `providers.*` channels are all
 * derived from it; main/providers/vendors.ts maps the same ids to their clients. API keys only
 * ever travel renderer → main (`providers.setKey`); nothing here carries one back.
 */

/** `repos`: reads code repositories (GitHub: metadata, private clones, tarballs) for code stories.
 *  `tools`: a chat model that calls functions (the assistant). `agent`: a whole voice agent over
 *  one connection (listen, think, speak: Deepgram's Voice Agent). */
export const ProviderCapability = z.enum(['text', 'speech', 'transcribe', 'repos', 'tools', 'agent']);
export type ProviderCapability = z.infer<typeof ProviderCapability>;

// ---- Endpoints ----------------------------------------------------------------------------

/** Servers on this machine (Ollama, LM Studio, a local TTS server): plain http is fine there, and
 *  they are reached without a key unless one was entered for them. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackUrl(url: string | URL): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Why a base URL cannot be used, as a sentence, or null when it can. */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address, like https://api.example.com/v1';
  }
  if (url.username || url.password) return 'The address may not contain a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return isLoopbackUrl(url) ? null : 'Use https: plain http is only allowed for a server on this machine (localhost, 127.0.0.1 or [::1])';
  }
  return 'Use an https address';
}

/** host[:port], as people read an endpoint ("api.openai.com", "127.0.0.1:11434"). */
export function endpointHost(url: string): string {
  return new URL(url).host;
}

const BaseUrl = z
  .string()
  .trim()
  .max(500)
  .superRefine((value, ctx) => {
    const problem = baseUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const ModelId = z.string().trim().min(1).max(120);
const VoiceId = z.string().trim().min(1).max(120);

// ---- Settings fields ----------------------------------------------------------------------

/** One editable setting: its schema, its default, and how the settings form labels it. */
export interface SettingField<S extends z.ZodType = z.ZodType> {
  schema: S;
  default: z.output<S>;
  label: string;
  hint?: string;
}

function field<S extends z.ZodType>(schema: S, dflt: z.output<S>, label: string, hint?: string): SettingField<S> {
  return hint === undefined ? { schema, default: dflt, label } : { schema, default: dflt, label, hint };
}

const baseUrl = (hint: string) => field(BaseUrl.nullable(), null, 'Base URL', hint);
const textModel = (d: string) => field(ModelId, d, 'Text model');
const speechModel = (d: string) => field(ModelId, d, 'Speech model');
const voice = (d: string) => field(VoiceId, d, 'Voice');

// ---- The table ----------------------------------------------------------------------------

export interface ProviderSpec {
  label: string;
  /** One line under the name in Settings → Providers. */
  summary: string;
  capabilities: readonly ProviderCapability[];
  /** A cloud vendor: where its key and endpoint may come from. Absent for the built-in voice. */
  cloud?: { keyEnv: string; baseUrlEnv: string; defaultBaseUrl: string };
  /** Requests in flight at once (a `concurrency` setting, where there is one, overrides it). */
  concurrency: number;
  fields: Record<string, SettingField>;
  /** The model name segments are cached under when the settings have no speech model. */
  speechModel?: string;
}

const ELEVENLABS_CONCURRENCY = 2; // the Free plan's limit
/** Claude's extended thinking takes a budget of at least 1,024 tokens (the Messages API's floor). */
export const ANTHROPIC_MIN_THINKING = 1024;
export const ANTHROPIC_MAX_THINKING = 32_000;

/**
 * In order of preference: the default speech order is the speaking providers in this order, and
 * the default writer is the first that writes. Base URLs: OpenAI's includes `/v1`; ElevenLabs',
 * Gemini's and Anthropic's are the host only (their SDKs add `/v1/…`, `/v1beta/…`, `/v1/messages`);
 * GitHub's is its REST API root (`https://api.github.com`, or `https://host/api/v3` for GitHub Enterprise).
 */
export const PROVIDERS = {
  elevenlabs: {
    label: 'ElevenLabs',
    summary: 'Natural narration voices; transcribes with word times and speakers.',
    capabilities: ['speech', 'transcribe'],
    cloud: { keyEnv: 'ELEVENLABS_API_KEY', baseUrlEnv: 'ELEVENLABS_BASE_URL', defaultBaseUrl: 'https://api.elevenlabs.io' },
    concurrency: ELEVENLABS_CONCURRENCY,
    fields: {
      baseUrl: baseUrl('Empty for api.elevenlabs.io'),
      speechModel: speechModel('eleven_multilingual_v2'),
      voice: voice('21m00Tcm4TlvDq8ikWAM'),
      transcribeModel: field(ModelId, 'scribe_v1', 'Transcription model'),
      concurrency: field(z.number().int().min(1).max(16), ELEVENLABS_CONCURRENCY, 'Concurrent requests', 'Your plan’s limit: Free 2 … Pro 10'),
    },
  },
  openai: {
    label: 'OpenAI',
    summary: 'Writes scripts, speaks and transcribes.',
    capabilities: ['text', 'speech', 'transcribe', 'tools'],
    cloud: { keyEnv: 'OPENAI_API_KEY', baseUrlEnv: 'OPENAI_BASE_URL', defaultBaseUrl: 'https://api.openai.com/v1' },
    concurrency: 4,
    fields: {
      baseUrl: baseUrl('Empty for OpenAI itself; any OpenAI-compatible server (Ollama, LM Studio…) works, e.g. http://127.0.0.1:11434/v1'),
      textModel: textModel('gpt-4o-mini'),
      speechModel: speechModel('gpt-4o-mini-tts'),
      voice: voice('alloy'),
      transcribeModel: field(ModelId, 'whisper-1', 'Transcription model', 'whisper-1 gives segment and word times; gpt-4o-transcribe gives text only (Koru then times it by the pauses)'),
    },
  },
  gemini: {
    label: 'Gemini',
    summary: 'Writes scripts, speaks, transcribes and calls functions for the assistant.',
    capabilities: ['text', 'speech', 'transcribe', 'tools'],
    cloud: { keyEnv: 'GEMINI_API_KEY', baseUrlEnv: 'GEMINI_BASE_URL', defaultBaseUrl: 'https://generativelanguage.googleapis.com' },
    concurrency: 2,
    fields: {
      baseUrl: baseUrl('Empty for Google’s endpoint'),
      textModel: textModel('gemini-2.5-flash'),
      speechModel: speechModel('gemini-2.5-flash-preview-tts'),
      voice: voice('Kore'),
      transcribeModel: field(ModelId, 'gemini-2.5-flash', 'Transcription model'),
    },
  },
  anthropic: {
    label: 'Anthropic',
    summary: 'Claude writes scripts and code stories (with extended thinking) and calls functions for the assistant.',
    capabilities: ['text', 'tools'],
    cloud: { keyEnv: 'ANTHROPIC_API_KEY', baseUrlEnv: 'ANTHROPIC_BASE_URL', defaultBaseUrl: 'https://api.anthropic.com' },
    concurrency: 2,
    fields: {
      baseUrl: baseUrl('Empty for api.anthropic.com'),
      textModel: textModel('claude-sonnet-4-5'),
      thinkingBudget: field(
        z.number().int().min(0).max(ANTHROPIC_MAX_THINKING).refine((v) => v === 0 || v >= ANTHROPIC_MIN_THINKING, `0 (off) or at least ${ANTHROPIC_MIN_THINKING} tokens`),
        8000,
        'Thinking budget (tokens)',
        `Extended thinking: 0 turns it off, else ${ANTHROPIC_MIN_THINKING} to ${ANTHROPIC_MAX_THINKING}`,
      ),
    },
  },
  github: {
    label: 'GitHub',
    summary: 'Optional token for code stories: private repositories and higher rate limits.',
    capabilities: ['repos'],
    cloud: { keyEnv: 'GITHUB_TOKEN', baseUrlEnv: 'GITHUB_API_URL', defaultBaseUrl: 'https://api.github.com' },
    concurrency: 4,
    fields: {
      baseUrl: baseUrl('Empty for github.com; GitHub Enterprise: https://github.example.com/api/v3'),
    },
  },
  deepgram: {
    label: 'Deepgram',
    summary: 'Transcribes what you say to the assistant; its Voice Agent holds a whole spoken conversation.',
    capabilities: ['transcribe', 'agent'],
    cloud: { keyEnv: 'DEEPGRAM_API_KEY', baseUrlEnv: 'DEEPGRAM_BASE_URL', defaultBaseUrl: 'https://api.deepgram.com' },
    concurrency: 4,
    fields: {
      baseUrl: baseUrl('Empty for api.deepgram.com (the Voice Agent is then agent.deepgram.com); another server must serve both'),
      transcribeModel: field(ModelId, 'nova-3', 'Listening model'),
      thinkModel: field(ModelId, 'gpt-4o-mini', 'Voice Agent thinking model (OpenAI, through Deepgram)'),
      speakModel: field(ModelId, 'aura-2-thalia-en', 'Voice Agent voice'),
    },
  },
  offline: {
    label: 'Offline voice',
    summary: 'espeak-ng on this machine: always available, no key, no network.',
    capabilities: ['speech'],
    concurrency: 1,
    fields: { voice: voice('en-gb') },
    speechModel: 'espeak-ng',
  },
} as const satisfies Record<string, ProviderSpec>;

type Table = typeof PROVIDERS;
export type ProviderId = keyof Table;
/** Providers that take an API key (cloud vendors). */
export type KeyedProviderId = { [P in ProviderId]: Table[P] extends { cloud: object } ? P : never }[ProviderId];

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];
export const KEYED_PROVIDERS = PROVIDER_IDS.filter(isKeyedProvider);
export const ProviderId = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]);
export const KeyedProviderId = z.enum(KEYED_PROVIDERS as [KeyedProviderId, ...KeyedProviderId[]]);
/** The built-in voice: needs neither key nor network, and ends every speech chain. */
export const OFFLINE = 'offline' satisfies Exclude<ProviderId, KeyedProviderId>;

export function isKeyedProvider(p: ProviderId): p is KeyedProviderId {
  return 'cloud' in PROVIDERS[p];
}

export function providerLabel(p: ProviderId): string {
  return PROVIDERS[p].label;
}

export function hasCapability(p: ProviderId, c: ProviderCapability): boolean {
  return (PROVIDERS[p].capabilities as readonly ProviderCapability[]).includes(c);
}

export function providersThat(c: ProviderCapability): ProviderId[] {
  return PROVIDER_IDS.filter((p) => hasCapability(p, c));
}

export function cloudOf(p: KeyedProviderId): Table[KeyedProviderId]['cloud'] {
  return PROVIDERS[p].cloud;
}

/** Who may write a script: providers that write text, and the offline writer (templates). */
export function canWrite(p: ProviderId): boolean {
  return p === OFFLINE || hasCapability(p, 'text');
}

// ---- Settings schema, derived from the fields ---------------------------------------------

type FieldsOf<P extends ProviderId> = Table[P]['fields'];
export type ProviderGroup<P extends ProviderId> = {
  -readonly [F in keyof FieldsOf<P>]: FieldsOf<P>[F] extends SettingField<infer S> ? z.output<S> : never;
};
type Common = { speechOrder: ProviderId[]; writer: ProviderId };
export type ProviderSettings = Common & { [P in ProviderId]: ProviderGroup<P> };
export type ProviderSettingsInput = Partial<Common> & { [P in ProviderId]?: Partial<ProviderGroup<P>> };
export type ProviderSettingsPatch = ProviderSettingsInput;

function fieldsOf(p: ProviderId): Array<[string, SettingField]> {
  return Object.entries(PROVIDERS[p].fields as Record<string, SettingField>);
}
const shapeOf = (p: ProviderId) => Object.fromEntries(fieldsOf(p).map(([k, f]) => [k, f.schema]));
const defaultsOf = (p: ProviderId) => Object.fromEntries(fieldsOf(p).map(([k, f]) => [k, f.default]));

/** The speech fallback chain; the offline voice is always appended if missing. */
const SpeechOrder = z
  .array(ProviderId)
  .min(1)
  .max(PROVIDER_IDS.length)
  .refine((order) => order.every((p) => hasCapability(p, 'speech')), 'Only providers that speak can be in the speech order');
const Writer = ProviderId.refine(canWrite, 'That provider does not write scripts');

const DEFAULT_SPEECH_ORDER = providersThat('speech');
const DEFAULT_WRITER = providersThat('text')[0] ?? OFFLINE;

/** Editable, key-free provider settings. Bare fields in patches: a patch must not have defaults
 *  filled in (zod 4 fills them inside `.partial()`). */
export const ProviderSettings = z.object({
  speechOrder: SpeechOrder.default(DEFAULT_SPEECH_ORDER),
  writer: Writer.default(DEFAULT_WRITER),
  ...Object.fromEntries(
    PROVIDER_IDS.map((p) => [p, z.object(shapeOf(p)).partial().transform((v) => ({ ...defaultsOf(p), ...v })).prefault({})]),
  ),
}) as unknown as z.ZodType<ProviderSettings, ProviderSettingsInput>;

/** A patch carries only what the caller sent (per provider, only the fields sent). */
export const ProviderSettingsPatch = z
  .object({
    speechOrder: SpeechOrder,
    writer: Writer,
    ...Object.fromEntries(PROVIDER_IDS.map((p) => [p, z.object(shapeOf(p)).partial().strict()])),
  })
  .partial()
  .strict() as unknown as z.ZodType<ProviderSettingsPatch, ProviderSettingsPatch>;

/** The voice a provider speaks with when nobody chose one (undefined: it does not speak). */
export function voiceOf(settings: ProviderSettings, p: ProviderId): string | undefined {
  const group = settings[p] as { voice?: string };
  return group.voice;
}

/** The speech model segments are cached under. */
export function speechModelOf(settings: ProviderSettings, p: ProviderId): string {
  const group = settings[p] as { speechModel?: string };
  const spec: ProviderSpec = PROVIDERS[p];
  return group.speechModel ?? spec.speechModel ?? p;
}

// ---- Status -------------------------------------------------------------------------------

export const ProviderStatus = z.object({
  provider: ProviderId,
  capabilities: z.array(ProviderCapability),
  /** Requests can go out: a key entered for this endpoint is at hand, or none is needed (the
   *  offline voice, a server on this machine). Never the key itself. */
  configured: z.boolean(),
  /** What requests carry: a stored key, an environment key, nothing (built in, or `local`: a
   *  server on this machine reached without a key), or `none` (not usable). */
  source: z.enum(['store', 'env', 'builtin', 'local', 'none']),
  /** Where requests go (host[:port]); null for the offline voice or an unusable base URL. */
  endpoint: z.string().nullable(),
  endpointSource: z.enum(['default', 'settings', 'env']).nullable(),
  /** A key exists but belongs to another endpoint (the host it was entered for): not sent here. */
  detachedKey: z.object({ host: z.string(), source: z.enum(['store', 'env']) }).nullable(),
  /** Why the last request failed, until one succeeds (a sentence), else null. */
  problem: z.string().nullable(),
});
export type ProviderStatus = z.infer<typeof ProviderStatus>;

export const VoiceOption = z.object({ id: z.string(), name: z.string(), language: z.string().optional() });
export type VoiceOption = z.infer<typeof VoiceOption>;

// ---- Channels and events ------------------------------------------------------------------

/** A voice preview is short: a sentence, at most this long, as a 16-bit mono WAV. */
export const PREVIEW_MAX_SEC = 6;
export const PREVIEW_MAX_CHARS = 200;
export const PREVIEW_MAX_RATE = 48_000;
const PREVIEW_MAX_BASE64 = Math.ceil((44 + PREVIEW_MAX_SEC * PREVIEW_MAX_RATE * 2) / 3) * 4;

const ForProvider = z.object({ provider: ProviderId }).strict();
const Statuses = z.array(ProviderStatus);

export const providerChannels = {
  'providers.status': { input: Empty, output: Statuses },
  /** The key goes only to the secret store, bound to the endpoint it is entered for; the reply
   *  is the key-free status of every provider. */
  'providers.setKey': {
    input: z.object({ provider: KeyedProviderId, key: z.string().trim().min(8, 'That key looks too short').max(500) }).strict(),
    output: Statuses,
  },
  'providers.clearKey': { input: z.object({ provider: KeyedProviderId }).strict(), output: Statuses },
  'providers.test': {
    input: ForProvider,
    output: z.object({ ok: z.boolean(), message: z.string(), latencyMs: z.number().min(0) }),
  },
  'providers.voices': {
    input: ForProvider,
    output: z.object({ voices: z.array(VoiceOption), error: z.string().nullable() }),
  },
  /** Speaks a short sample with this provider and voice (no fallback: the person is listening
   *  for this voice). `wav` is base64, at most PREVIEW_MAX_SEC long. */
  'providers.preview': {
    input: z.object({ provider: ProviderId, voice: VoiceId, text: z.string().trim().min(1).max(PREVIEW_MAX_CHARS).optional() }).strict(),
    output: z.object({
      wav: z.string().max(PREVIEW_MAX_BASE64),
      sampleRate: z.number().int().min(8000).max(PREVIEW_MAX_RATE),
      durationSec: z.number().min(0).max(PREVIEW_MAX_SEC),
    }),
  },
  'providers.settings.get': { input: Empty, output: ProviderSettings },
  'providers.settings.update': { input: ProviderSettingsPatch, output: ProviderSettings },
} as const satisfies ChannelMap;

export const providerEvents = {
  /** Pushed when a provider starts or stops failing, and when keys or endpoints change. */
  'providers.status': { payload: Statuses },
} as const satisfies EventMap;
