import { z } from 'zod';
import { storyEvents } from './stories';
import { playbackEvents } from './playback';
import type { EventMap } from './channel-map';
import { exportEvents } from './exports';
import { hardwareEvents } from './hardware';
import { providerEvents } from './providers';
import { ritualEvents } from './rituals';
import { jobEvents } from './jobs';
import { practiceEvents } from './practice';
import { scheduleEvents } from './sky';
import { dubbingEvents } from './dubbing';
import { assistantEvents } from './assistant';
import { goalEvents } from './goals';

/** Every event main pushes to the renderer, declared once. */
export const events = {
  ...playbackEvents,
  ...exportEvents,
  ...hardwareEvents,
  ...ritualEvents,
  ...jobEvents,
  ...providerEvents,
  ...practiceEvents,
  ...scheduleEvents,
  ...dubbingEvents,
  ...storyEvents,
  ...assistantEvents,
  ...goalEvents,
} as const satisfies EventMap;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
