import { Result, type ErrorCode, type KoruErrorShape } from '../../../contract';

/** The contract's codes, plus DISCONNECTED: the web transport lost (or never had) its socket. */
export type ClientErrorCode = ErrorCode | 'DISCONNECTED';

/** What every failed call throws in the renderer, whichever transport carried it. */
export class KoruClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'KoruClientError';
  }

  static from(shape: KoruErrorShape): KoruClientError {
    return new KoruClientError(shape.code, shape.message, shape.details);
  }
}

/** A reply from main: its value, or a thrown KoruClientError. */
export function unwrapResult(reply: unknown): unknown {
  const parsed = Result.safeParse(reply);
  if (!parsed.success) throw new KoruClientError('INTERNAL', 'Koru sent a reply this page could not read; reload the page.');
  if (parsed.data.ok) return parsed.data.value;
  throw KoruClientError.from(parsed.data.error);
}
