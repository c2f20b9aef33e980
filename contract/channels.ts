import { z } from 'zod';
import { Id, PlaybackStatus, Preset, Session, SessionDraft, SessionSummary } from './session';
import { AudioDevice, Settings, SettingsPatch } from './settings';
import { AudioAssetId } from './program';
import type { ChannelMap } from './channel-map';
import { exportChannels, ExportRequest, ExportResult } from './exports';
import { hardwareChannels } from './hardware';
import { providerChannels } from './providers';
import { ritualChannels } from './rituals';
import { jobChannels } from './jobs';
import { FileId, fileChannels } from './files';
import { LIMITS } from './limits';
import { skyChannels } from './sky';

const Empty = z.object({}).strict().default({});
const ById = z.object({ id: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });

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
  /** Parse an SBaGen schedule and store it as a new session: small files as `text`, any size as
   *  a `file` (uploaded, or chosen in the desktop app's dialog; see contract/files.ts). */
  'sessions.importSbg': {
    input: z
      .object({ name: z.string().trim().min(1).max(120), text: z.string().max(LIMITS.sbgTextChars, `a schedule sent as text may be at most ${LIMITS.sbgTextChars} characters; import larger ones as a file`).optional(), file: FileId.optional() })
      .strict()
      .refine((i) => (i.text === undefined) !== (i.file === undefined), { message: 'send the schedule either as text or as a file' }),
    output: Session,
  },
  'sessions.export': { input: ExportRequest, output: ExportResult },
  /** The session as an SBaGen `.sbg` schedule, the SBaGen/Gnaural exchange format. */
  'sessions.exportSbg': {
    input: ById,
    output: z.object({ fileName: z.string(), text: z.string(), warnings: z.array(z.string()) }),
  },
  /** Store an audio file (uploaded or chosen: `files.*`) for a program to mix in (SBaGen's -m). */
  'sessions.importMixAudio': {
    input: z.object({ fileId: FileId }).strict(),
    output: z.object({ asset: AudioAssetId, durationSec: z.number(), sampleRate: z.number() }),
  },
  'presets.list': { input: Empty, output: z.array(Preset) },
  'playback.start': { input: ById, output: PlaybackStatus },
  'playback.pause': { input: Empty, output: PlaybackStatus },
  'playback.resume': { input: Empty, output: PlaybackStatus },
  'playback.stop': { input: Empty, output: PlaybackStatus },
  'playback.status': { input: Empty, output: PlaybackStatus },
  /** Move the playhead (faded, no click); the status says where it is now. */
  'playback.seek': { input: z.object({ sec: z.number().min(0).max(7 * 24 * 3600) }).strict(), output: PlaybackStatus },
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
export const channels = { ...sessionChannels, ...hardwareChannels, ...ritualChannels, ...providerChannels, ...jobChannels, ...fileChannels, ...exportChannels, ...skyChannels } as const satisfies ChannelMap;

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
