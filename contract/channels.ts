import { z } from 'zod';
import { Id, PlaybackStatus, Preset, Session, SessionDraft, SessionSummary } from './session';
import { AudioDevice, Settings, SettingsPatch } from './settings';
import type { ChannelMap } from './channel-map';
import { hardwareChannels } from './hardware';
import { providerChannels } from './providers';
import { ritualChannels } from './rituals';

const Empty = z.object({}).strict().default({});
const ById = z.object({ id: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });

export const ExportFormat = z.enum(['wav', 'mp3']);

/**
 * Every request the renderer can make, declared once. Main validates `input` before a handler
 * runs and `output` before a reply leaves; the client types are inferred from here.
 */
const sessionChannels = {
  'app.info': {
    input: Empty,
    output: z.object({ version: z.string(), mode: z.enum(['electron', 'web']), dataDir: z.string() }),
  },
  'sessions.list': {
    input: z.object({ query: z.string().max(200).optional() }).strict().default({}),
    output: z.array(SessionSummary),
  },
  'sessions.get': { input: ById, output: Session },
  'sessions.create': { input: SessionDraft, output: Session },
  'sessions.update': {
    input: z.object({ id: Id, draft: SessionDraft }).strict(),
    output: Session,
  },
  'sessions.delete': { input: ById, output: Ok },
  /** Parse an SBaGen schedule (file contents) and store it as a new session. */
  'sessions.importSbg': {
    input: z.object({ name: z.string().trim().min(1).max(120), text: z.string().max(1_000_000) }).strict(),
    output: Session,
  },
  'sessions.export': {
    input: z.object({ id: Id, format: ExportFormat }).strict(),
    output: z.object({ path: z.string(), bytes: z.number(), durationSec: z.number() }),
  },
  'presets.list': { input: Empty, output: z.array(Preset) },
  'playback.start': { input: ById, output: PlaybackStatus },
  'playback.pause': { input: Empty, output: PlaybackStatus },
  'playback.resume': { input: Empty, output: PlaybackStatus },
  'playback.stop': { input: Empty, output: PlaybackStatus },
  'playback.status': { input: Empty, output: PlaybackStatus },
  'playback.setVolume': { input: z.object({ volume: z.number().min(0).max(1) }).strict(), output: PlaybackStatus },
  /** Fade out and stop after `minutes` (null clears the timer). */
  'playback.sleepTimer': {
    input: z.object({ minutes: z.number().min(0.1).max(24 * 60).nullable(), fadeSec: z.number().min(1).max(600).default(30) }).strict(),
    output: PlaybackStatus,
  },
  'audio.devices': {
    input: Empty,
    output: z.object({ devices: z.array(AudioDevice), error: z.string().nullable() }),
  },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: SettingsPatch.strict(), output: Settings },
} as const satisfies ChannelMap;

/** Every channel of every capability; each capability declares its own in its contract file. */
export const channels = { ...sessionChannels, ...hardwareChannels, ...ritualChannels, ...providerChannels } as const satisfies ChannelMap;

export type Channels = typeof channels;
export type Channel = keyof Channels;
/** What a caller passes (defaults may be omitted). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>;
/** What a handler receives after validation. */
export type ChannelArgs<C extends Channel> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>;

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
