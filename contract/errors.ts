import { z } from 'zod';

/** Every failure that crosses a process boundary has this one shape — never a stack trace. */
export const ErrorCode = z.enum([
  'BAD_INPUT', // the caller sent something the contract refuses
  'NOT_FOUND',
  'CONFLICT', // e.g. a session is already playing
  'PARSE_ERROR', // a file (.sbg, audio) could not be read
  'NO_DEVICE', // no audio output device
  'DEVICE_ERROR',
  'STORAGE',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'PROVIDER', // a speech/text provider failed; details say which and why (main/providers)
  'RATE_LIMITED', // a limit of ours (assistant sessions); details say when the next is allowed
  'INTERNAL', // a bug on our side; details are logged in main, not sent
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const KoruErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type KoruErrorShape = z.infer<typeof KoruErrorShape>;

/** Thrown by services; the router turns it into a KoruErrorShape unchanged. */
export class KoruError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'KoruError';
  }

  toShape(): KoruErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isKoruErrorShape(value: unknown): value is KoruErrorShape {
  return KoruErrorShape.safeParse(value).success;
}
