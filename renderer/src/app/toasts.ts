import { toast, type ExternalToast } from 'sonner';

/** How many toasts show at once; older ones wait collapsed in the stack (see main.tsx). */
export const VISIBLE_TOASTS = 3;

type Kind = 'success' | 'info' | 'warning' | 'error';

/** A toast that folds into the one already showing the same words (same id) instead of
 *  stacking another copy over the editor. Pass an id to make a family replace itself
 *  (e.g. every "Saved …" of one session). */
export function notify(kind: Kind, message: string, options: ExternalToast = {}): string | number {
  return toast[kind](message, { ...options, id: options.id ?? `${kind}:${message}` });
}
