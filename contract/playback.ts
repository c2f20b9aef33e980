import { z } from 'zod';
import { ById, Empty, type ChannelMap, type EventMap } from './channel-map';
import { PlaybackStatus } from './session';
import { AudioDevice } from './settings';

/** Live playback: what plays, where the playhead is, and the devices it can play on. */
export const playbackChannels = {
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
} as const satisfies ChannelMap;

/** What an active frequency is: a tone heard as pitch, the rate of a beat/pulse/spin (what the
 *  listener follows, often below hearing), or an unpitched source (noise, input audio; freq 0). */
export const ToneRole = z.enum(['tone', 'beat', 'noise']);
export type ToneRole = z.infer<typeof ToneRole>;

export const Spectrum = z.object({
  sampleRate: z.number(),
  /** Magnitudes in dBFS of log-spaced bands from 20 Hz to 20 kHz, one array per channel. */
  bands: z.array(z.array(z.number())).length(2),
  /** The strongest spectral peaks actually present in the output. */
  peaks: z.array(z.object({ freq: z.number(), db: z.number() })).max(16),
  /** Frequencies the engine is producing right now, with what they are. */
  active: z.array(z.object({ label: z.string(), freq: z.number(), role: ToneRole })),
  atSec: z.number(),
});
export type Spectrum = z.infer<typeof Spectrum>;

export const playbackEvents = {
  'playback.status': { payload: PlaybackStatus },
  'playback.spectrum': { payload: Spectrum },
} as const satisfies EventMap;
