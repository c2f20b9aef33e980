import { userMessage } from '../client/errors';
import { notify } from './toasts';

/** The fields a KoruClientError (or any KoruErrorShape) carries; duck-typed so this module does
 *  not depend on the transport client. */
interface ErrorLike {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const m = (err as ErrorLike).message;
    if (typeof m === 'string' && m.trim()) return userMessage(m);
  }
  if (typeof err === 'string' && err.trim()) return userMessage(err);
  return 'Something went wrong';
}

/** A line number from an error's details (e.g. an .sbg parse error), if it carries one. */
export function errorLine(err: unknown): number | null {
  if (!err || typeof err !== 'object') return null;
  const details = (err as ErrorLike).details;
  if (!details || typeof details !== 'object') return null;
  const line = (details as { line?: unknown }).line;
  return typeof line === 'number' && Number.isFinite(line) ? line : null;
}

/** The offending source text from an error's details (parse errors quote their line). */
function errorText(err: unknown): string | null {
  const details = err && typeof err === 'object' ? (err as ErrorLike).details : undefined;
  const text = details && typeof details === 'object' ? (details as { text?: unknown }).text : undefined;
  if (typeof text !== 'string' || !text.trim()) return null;
  const t = text.trim();
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

/** One toast per failure. The message is human-readable already; the id folds repeats of the
 *  same message into one toast instead of a stack. */
export function notifyError(err: unknown, context?: string): void {
  const message = errorMessage(err);
  const line = errorLine(err);
  const lineNote = line !== null && !new RegExp(`line\\s*${line}\\b`, 'i').test(message) ? `Line ${line}` : null;
  const quoted = errorText(err);
  const description = [context, lineNote, quoted ? `“${quoted}”` : null].filter(Boolean).join(' · ') || undefined;
  notify('error', message, { id: `error:${context ?? ''}${message}`, description });
}
