import type { z } from 'zod';

/** The shape every capability's channel and event declarations must have. */
export type ChannelMap = Record<string, { input: z.ZodType; output: z.ZodType }>;
export type EventMap = Record<string, { payload: z.ZodType }>;
