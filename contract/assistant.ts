import { z } from 'zod';
import { Ok, type ChannelMap, type EventMap } from './channel-map';
import { Action } from './goals';
import { ProviderId } from './providers';
import { Id } from './session';

/**
 * The voice assistant: conversations (sessions) whose messages are all kept, three engines
 * (turn by turn with any provider, Deepgram's Voice Agent, and an offline one), function calls
 * that create goals, tasks, sound sessions and rituals, and per-profile limits on how many
 * conversations start. Audio crosses the boundary as base64 16-bit mono PCM or WAV.
 */

/** The functions Koru can carry out; `resources/assistant/intents.yaml` describes them to models. */
export const FUNCTION_NAMES = ['submit_goal_intent', 'create_task', 'reschedule_task', 'start_sound_session', 'create_ritual'] as const;
export const FunctionName = z.enum(FUNCTION_NAMES);
export type FunctionName = z.infer<typeof FunctionName>;

/** `turns`: microphone → transcription → a model with tools → speech, any provider.
 *  `agent`: Deepgram's Voice Agent over one WebSocket. `offline`: text in, a local intent
 *  parser, the offline voice out. */
export const ENGINES = ['turns', 'agent', 'offline'] as const;
export const Engine = z.enum(ENGINES);
export type Engine = z.infer<typeof Engine>;
export const ENGINE_LABELS: Record<Engine, string> = {
  turns: 'Turn by turn',
  agent: 'Deepgram Voice Agent',
  offline: 'Offline assistant',
};

/** Conversations a profile may start (kept in SQLite: a restart resets nothing). */
export const SESSION_LIMITS = { perWindow: 5, windowMinutes: 10, perDay: 20, concurrent: 1 } as const;

export const SAY_MAX_CHARS = 2000;
/** One spoken turn: at most this long, as a 16 kHz 16-bit mono WAV. */
export const UTTERANCE_MAX_SEC = 30;
export const UTTERANCE_RATE = 16_000;
const UTTERANCE_MAX_BASE64 = Math.ceil((44 + UTTERANCE_MAX_SEC * UTTERANCE_RATE * 2) / 3) * 4;
/** Microphone frames for the voice agent: linear16 at this rate, at most a second a call. */
export const AGENT_INPUT_RATE = 24_000;
const AGENT_FRAME_MAX_BASE64 = Math.ceil((AGENT_INPUT_RATE * 2) / 3) * 4;
/** Reply audio travels in pieces of at most this long, so the first plays at once. */
export const AUDIO_CHUNK_SEC = 1;
const AUDIO_CHUNK_MAX_BASE64 = Math.ceil((AUDIO_CHUNK_SEC * 48_000 * 2) / 3) * 4;
export const CONFIG_TEXT_MAX = 64_000;

export const ConfigFile = z.enum(['prompt', 'intents']);
export type ConfigFile = z.infer<typeof ConfigFile>;
export const CONFIG_FILE_NAMES: Record<ConfigFile, string> = { prompt: 'voice_prompt.md', intents: 'intents.yaml' };

/** One function as models see it: a JSON-schema object of parameters. */
export const FunctionSpec = z.object({
  name: FunctionName,
  description: z.string().trim().min(1).max(1000),
  parameters: z.record(z.string(), z.unknown()),
});
export type FunctionSpec = z.infer<typeof FunctionSpec>;

export const ResolvedConfig = z.object({
  /** The prompt with the profile and today's tasks appended (what the model is given). */
  prompt: z.string(),
  greeting: z.string(),
  functions: z.array(FunctionSpec).max(FUNCTION_NAMES.length),
});
export type ResolvedConfig = z.infer<typeof ResolvedConfig>;

/** Which providers a session uses, in words for the page ("OpenAI → OpenAI → ElevenLabs"). */
export const SessionProviders = z.object({ listen: z.string().nullable(), think: z.string(), speak: z.string() });

export const AssistantSession = z.object({
  id: Id,
  engine: Engine,
  providers: SessionProviders,
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  messageCount: z.number().int().min(0),
});
export type AssistantSession = z.infer<typeof AssistantSession>;

export const MessageRole = z.enum(['user', 'assistant', 'action']);
export const AssistantMessage = z.object({
  seq: z.number().int().min(1),
  role: MessageRole,
  text: z.string(),
  at: z.string(),
  /** A reply cut short by the user speaking (what was said up to there is kept). */
  interrupted: z.boolean(),
  /** role 'action': the journal entry it tells of. */
  actionId: Id.nullable(),
});
export type AssistantMessage = z.infer<typeof AssistantMessage>;

export const SessionUsage = z.object({
  remainingToday: z.number().int().min(0),
  remainingInWindow: z.number().int().min(0),
  /** When the next conversation may start, if one may not start now. */
  nextAllowedAt: z.string().nullable(),
  openSessionId: Id.nullable(),
});
export type SessionUsage = z.infer<typeof SessionUsage>;

/** What the assistant may use, and why not where it may not. */
export const EngineAvailability = z.object({ engine: Engine, ready: z.boolean(), reason: z.string().nullable(), providers: SessionProviders });

export const AssistantSettings = z.object({
  /** How the assistant calls you; null: it does not use a name. */
  name: z.string().trim().min(1).max(60).nullable(),
  /** IANA zone for due times; null: the Sky location's, else this computer's. */
  timeZone: z.string().min(1).max(64).nullable(),
  /** null: turn by turn when a transcriber and a tool-calling model are configured, else offline. */
  engine: Engine.nullable(),
  /** Tool-calling model (null: the first configured). */
  think: ProviderId.nullable(),
  /** Transcription (null: the first configured). */
  listen: ProviderId.nullable(),
});
export type AssistantSettings = z.infer<typeof AssistantSettings>;
export const ASSISTANT_DEFAULTS: AssistantSettings = { name: null, timeZone: null, engine: null, think: null, listen: null };
const AssistantSettingsPatch = z
  .object({
    name: AssistantSettings.shape.name,
    timeZone: AssistantSettings.shape.timeZone.refine((tz) => tz === null || isZone(tz), 'unknown time zone (use an IANA name such as Europe/London)'),
    engine: AssistantSettings.shape.engine,
    think: AssistantSettings.shape.think,
    listen: AssistantSettings.shape.listen,
  })
  .partial()
  .strict();

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const AssistantStatus = z.object({
  settings: AssistantSettings,
  /** The zone in use (the setting, the Sky location's or this computer's). */
  timeZone: z.string(),
  engines: z.array(EngineAvailability),
  /** What a new conversation uses. */
  engine: Engine,
  usage: SessionUsage,
});
export type AssistantStatus = z.infer<typeof AssistantStatus>;

export const ConfigView = z.object({
  file: ConfigFile,
  text: z.string(),
  /** `custom`: your copy in the data folder. */
  source: z.enum(['builtin', 'custom']),
  /** Why your copy cannot be used (line-numbered); the last good version is in use meanwhile. */
  error: z.string().nullable(),
});
export type ConfigView = z.infer<typeof ConfigView>;

export const TurnResult = z.object({
  /** What you said (the transcript, for speech). */
  heard: AssistantMessage.nullable(),
  reply: AssistantMessage.nullable(),
  actions: z.array(Action),
  interrupted: z.boolean(),
});
export type TurnResult = z.infer<typeof TurnResult>;

const BySession = z.object({ sessionId: Id }).strict();

export const assistantChannels = {
  'assistant.status': { input: z.object({}).strict().default({}), output: AssistantStatus },
  'assistant.settings.update': { input: AssistantSettingsPatch, output: AssistantStatus },
  /** Starts a conversation (refused with RATE_LIMITED past the limits, CONFLICT while one is
   *  open); the reply has the resolved configuration and the greeting. */
  'assistant.sessions.create': {
    input: z.object({ engine: Engine.optional() }).strict().default({}),
    output: z.object({ session: AssistantSession, config: ResolvedConfig, usage: SessionUsage }),
  },
  'assistant.sessions.list': { input: z.object({}).strict().default({}), output: z.array(AssistantSession).max(100) },
  'assistant.sessions.messages': { input: z.object({ id: Id }).strict(), output: z.array(AssistantMessage).max(10_000) },
  'assistant.sessions.close': { input: z.object({ id: Id }).strict(), output: z.object({ id: Id, status: z.literal('closed'), messageCount: z.number().int().min(0) }) },
  /** One turn by text (any engine). */
  'assistant.say': { input: z.object({ sessionId: Id, text: z.string().trim().min(1, 'say something').max(SAY_MAX_CHARS) }).strict(), output: TurnResult },
  /** One spoken turn (turn-by-turn engine): a WAV of what the microphone heard. */
  'assistant.hear': { input: z.object({ sessionId: Id, wav: z.string().min(1).max(UTTERANCE_MAX_BASE64) }).strict(), output: TurnResult },
  /** Barge-in: stop the reply now (what was said so far is kept, marked interrupted). */
  'assistant.interrupt': { input: BySession, output: Ok },
  /** Voice agent: microphone audio, linear16 mono at AGENT_INPUT_RATE. */
  'assistant.agent.audio': { input: z.object({ sessionId: Id, pcm: z.string().min(1).max(AGENT_FRAME_MAX_BASE64) }).strict(), output: Ok },
  'assistant.config.get': { input: z.object({ file: ConfigFile }).strict(), output: ConfigView },
  /** Saves your copy (refused with line-numbered errors when it does not parse; nothing written). */
  'assistant.config.save': { input: z.object({ file: ConfigFile, text: z.string().max(CONFIG_TEXT_MAX) }).strict(), output: ConfigView },
  /** Back to Koru's own file. */
  'assistant.config.reset': { input: z.object({ file: ConfigFile }).strict(), output: ConfigView },
} as const satisfies ChannelMap;

export const AssistantState = z.enum(['idle', 'transcribing', 'thinking', 'speaking', 'interrupted', 'closed']);
export type AssistantState = z.infer<typeof AssistantState>;

export const assistantEvents = {
  /** A message was stored (what you said, a reply, an action). */
  'assistant.message': { payload: z.object({ sessionId: Id, message: AssistantMessage }) },
  /** Live captions: the reply as it is written (`final` once stored), or the agent's text. */
  'assistant.caption': { payload: z.object({ sessionId: Id, turn: z.number().int().min(0), role: z.enum(['user', 'assistant']), text: z.string().max(20_000), final: z.boolean() }) },
  'assistant.state': { payload: z.object({ sessionId: Id, state: AssistantState }) },
  /** Reply audio, in order: 16-bit mono PCM at `sampleRate`, at most AUDIO_CHUNK_SEC a piece. */
  'assistant.audio': {
    payload: z.object({
      sessionId: Id,
      turn: z.number().int().min(0),
      seq: z.number().int().min(0),
      sampleRate: z.number().int().min(8000).max(48_000),
      pcm: z.string().max(AUDIO_CHUNK_MAX_BASE64),
    }),
  },
  /** The agent heard you start speaking: the page stops what it plays (the agent's barge-in). */
  'assistant.bargeIn': { payload: BySession },
  /** Something to show: a provider's warning or error, a dropped connection. */
  'assistant.notice': { payload: z.object({ sessionId: Id.nullable(), level: z.enum(['info', 'warning', 'error']), message: z.string().max(600) }) },
} as const satisfies EventMap;
