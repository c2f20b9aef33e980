import { isChannel, isEventName, plainPaths, Result, type ErrorCode, type KoruErrorShape } from '../../../contract';

/** Prefixes that name machinery, not what happened: Electron's invoke wrapper, an error class,
 *  a channel or event name (`playback.start: …`). */
const WRAPPER = /^(?:Error invoking remote method '[^']*':\s*|(?:[A-Z]\w*)?Error:\s*|(?:ipc|koru):\s*)/;
const NAME_PREFIX = /^([a-z]\w*(?:\.\w+)+):\s*/;

/**
 * The one place a message becomes what people read: every KoruClientError passes through here,
 * and so does every toast (app/errors.ts). No channel names, no field paths (`voice 2 › amp`
 * reads "Voice 2: Amplitude"); words already written for people pass unchanged.
 */
export function userMessage(text: string): string {
  let t = text.trim();
  for (let m: RegExpExecArray | null; ; ) {
    if ((m = WRAPPER.exec(t))) t = t.slice(m[0].length);
    else if ((m = NAME_PREFIX.exec(t)) && (isChannel(m[1]) || isEventName(m[1]))) t = t.slice(m[0].length);
    else break;
  }
  t = plainPaths(t);
  if (!t) return 'Something went wrong';
  // A sentence that lost its prefix starts with a capital; one that arrived intact stays as it was.
  return t === text.trim() ? t : t.charAt(0).toUpperCase() + t.slice(1);
}

/** The contract's codes, plus DISCONNECTED: the web transport lost (or never had) its socket. */
export type ClientErrorCode = ErrorCode | 'DISCONNECTED';

/** What every failed call throws in the renderer, whichever transport carried it. */
export class KoruClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(userMessage(message));
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
