import { z } from 'zod';
import { PlaybackStatus } from './session';
import type { EventMap } from './channel-map';
import { exportEvents } from './exports';
import { hardwareEvents } from './hardware';
import { providerEvents } from './providers';
import { ritualEvents } from './rituals';
import { jobEvents } from './jobs';

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

/** Every event main pushes to the renderer, declared once. */
export const events = {
  'playback.status': { payload: PlaybackStatus },
  'playback.spectrum': { payload: Spectrum },
  ...exportEvents,
  ...hardwareEvents,
  ...ritualEvents,
  ...jobEvents,
  ...providerEvents,
} as const satisfies EventMap;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
