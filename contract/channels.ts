import type { z } from 'zod';
import type { ChannelMap } from './channel-map';
import { appChannels } from './app';
import { sessionChannels } from './sessions';
import { playbackChannels } from './playback';
import { exportChannels } from './exports';
import { hardwareChannels } from './hardware';
import { providerChannels } from './providers';
import { ritualChannels } from './rituals';
import { jobChannels } from './jobs';
import { fileChannels } from './files';
import { practiceChannels } from './practice';
import { skyChannels } from './sky';
import { dubbingChannels } from './dubbing';
import { storyChannels } from './stories';
import { assistantChannels } from './assistant';
import { goalChannels } from './goals';

/**
 * Every request the renderer can make, declared once in its capability's contract file and
 * gathered here. Main validates `input` before a handler runs and `output` before a reply leaves;
 * the client types are inferred from here.
 */
export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...playbackChannels,
  ...hardwareChannels,
  ...ritualChannels,
  ...providerChannels,
  ...jobChannels,
  ...fileChannels,
  ...exportChannels,
  ...skyChannels,
  ...practiceChannels,
  ...dubbingChannels,
  ...storyChannels,
  ...assistantChannels,
  ...goalChannels,
} as const satisfies ChannelMap;

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
