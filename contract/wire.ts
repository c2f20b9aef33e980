import { z } from 'zod';
import { channels } from './channels';
import { maxEncodedBytes } from './encoded-size';
import { KoruErrorShape } from './errors';
import { formatSize } from './limits';

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

/** `{"t":"call","id":<max safe integer>,"channel":"<100 characters>","input":}` at worst. */
const CALL_ENVELOPE_BYTES = 64 + 16 + 6 * 100;

/** The largest input any channel accepts, as JSON, at worst (see encoded-size.ts). */
export const MAX_INPUT_BYTES = Math.max(...Object.values(channels).map((c) => maxEncodedBytes(c.input)));

/**
 * The largest call message the transports carry, derived from the contract's own limits (rounded
 * up to 64 KiB), so every valid call fits and a bigger one is refused with a typed error naming
 * this size. Files beyond it travel by reference (contract/files.ts).
 */
export const MAX_FRAME_BYTES = Math.ceil((MAX_INPUT_BYTES + CALL_ENVELOPE_BYTES) / 65536) * 65536;

/** The same sentence from the client (refused before sending) and the server (refused on arrival). */
export function oversizedCallMessage(bytes: number): string {
  return `This request is ${formatSize(bytes)}, more than the ${formatSize(MAX_FRAME_BYTES)} Koru takes in one message. Large files go through Import or Upload instead.`;
}
