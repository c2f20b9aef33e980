import { z } from 'zod';
import { Id } from './session';

/** The shape every capability's channel and event declarations must have. */
export type ChannelMap = Record<string, { input: z.ZodType; output: z.ZodType }>;
export type EventMap = Record<string, { payload: z.ZodType }>;

/** Inputs and outputs many channels share, declared once. */
export const Empty = z.object({}).strict().default({});
export const ById = z.object({ id: Id }).strict();
export const Ok = z.object({ ok: z.literal(true) });
