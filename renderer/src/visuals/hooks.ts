import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

const REDUCED = '(prefers-reduced-motion: reduce)';

/** The user's `prefers-reduced-motion`, kept current when they change it. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (cb) => {
      if (typeof window.matchMedia !== 'function') return () => undefined;
      const q = window.matchMedia(REDUCED);
      q.addEventListener('change', cb);
      return () => q.removeEventListener('change', cb);
    },
    () => (typeof window.matchMedia === 'function' ? window.matchMedia(REDUCED).matches : false),
  );
}

/**
 * True once the pointer and keyboard have been still for `ms`; any movement, press or key shows
 * the controls again. `hold` (the pointer over the controls) keeps them shown.
 */
export function useIdle(ms: number, hold: boolean): { idle: boolean; wake: () => void } {
  const [idle, setIdle] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const wake = useCallback(() => {
    setIdle(false);
    if (timer.current) clearTimeout(timer.current);
    timer.current = hold ? null : setTimeout(() => setIdle(true), ms);
  }, [ms, hold]);
  useEffect(() => {
    wake();
    return () => void (timer.current && clearTimeout(timer.current));
  }, [wake]);
  return { idle, wake };
}

/** Whether `el` is the document's full-screen element, kept current. */
export function useFullscreen(el: HTMLElement | null): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const sync = () => setOn(el !== null && document.fullscreenElement === el);
    sync();
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, [el]);
  return on;
}
