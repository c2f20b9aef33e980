import type { ChannelMap, EventMap } from './channel-map';

/** Guided rituals and the provider settings behind them. Filled in by the rituals capability. */
export const ritualChannels = {} as const satisfies ChannelMap;
export const ritualEvents = {} as const satisfies EventMap;
