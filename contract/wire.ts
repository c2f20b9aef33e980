import { z } from 'zod';
import { KoruErrorShape } from './errors';

/** Messages on the web-mode WebSocket. Electron IPC carries the same call/result pair. */
export const CallMessage = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessage>;

export const Result = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: KoruErrorShape }),
]);
export type Result = z.infer<typeof Result>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number(), result: Result }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Electron IPC channel names: one for calls, one per event is avoided — events share one. */
export const IPC_INVOKE = 'koru:invoke';
export const IPC_EVENT = 'koru:event';
