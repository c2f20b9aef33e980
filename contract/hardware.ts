import type { ChannelMap, EventMap } from './channel-map';

/** Amplifier control (serial). Filled in by the hardware capability. */
export const hardwareChannels = {} as const satisfies ChannelMap;
export const hardwareEvents = {} as const satisfies EventMap;
