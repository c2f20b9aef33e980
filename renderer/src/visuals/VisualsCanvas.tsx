import { useEffect, useRef, useState } from 'react';
import { useKoruEvent } from '../app/koru';
import { formatHz } from '../format';
import { usePlaybackStatus } from '../playback/usePlayback';
import { drawVisual, type Pattern } from './draw';
import { paramsFrom, REST, type VisualParams } from './mapping';
import { pulseOf, step, STILL, type Motion } from './motion';

/** Each drawn frame's script time is a User Timing measure of this name (cleared at once, so
 *  nothing accumulates); bench/visuals.ts and the E2E observe it. Named on the canvas too. */
export const FRAME_MEASURE = 'koru:visuals-frame';
/** A full-screen 4K canvas in software would be 33 MP a frame: cap the backing store. */
const MAX_PIXELS = 1920 * 1080;
const SUMMARY_EVERY_MS = 500;

/** The words for what the picture shows, for people who do not see it. */
export function describeParams(p: VisualParams): string {
  if (p.carriers.length === 0 && p.beatHz === 0) return 'At rest: nothing is playing.';
  const parts: string[] = [];
  if (p.beatHz > 0) parts.push(`Pulse ${p.pulseHz.toFixed(2)} Hz from a ${formatHz(p.beatHz)} beat`);
  if (p.carriers.length) parts.push(`rings at ${p.carriers.map((c) => formatHz(c.freq)).join(', ')}`);
  if (p.texture.fine + p.texture.coarse > 0.05) parts.push('grain from the noise');
  return `${parts.join('; ')}.`;
}

interface Props {
  pattern: Pattern;
  calm: boolean;
}

/**
 * The visuals' canvas. The newest spectrum is kept in a ref (never a React render per event);
 * frames run on requestAnimationFrame only while something plays and the page is visible —
 * paused or stopped, the last picture stays and nothing is drawn.
 */
export function VisualsCanvas({ pattern, calm }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const target = useRef<VisualParams>(REST);
  const motion = useRef<Motion>(STILL);
  const { state } = usePlaybackStatus();
  const [summary, setSummary] = useState(describeParams(REST));
  const lastSummaryAt = useRef(0);

  useKoruEvent('playback.spectrum', (s) => {
    target.current = paramsFrom(s);
    const now = Date.now();
    if (now - lastSummaryAt.current >= SUMMARY_EVERY_MS) {
      lastSummaryAt.current = now;
      setSummary(describeParams(target.current));
    }
  });

  useEffect(() => {
    if (state !== 'idle') return;
    // Stopped: rest at once (no last frame frozen mid-swell).
    target.current = REST;
    motion.current = { ...STILL, rotation: motion.current.rotation };
    setSummary(describeParams(REST));
  }, [state]);

  useEffect(() => {
    const canvas = canvasRef.current;
    // Opaque: the compositor need not blend the canvas with what is under it.
    const ctx = canvas?.getContext('2d', { alpha: false });
    if (!canvas || !ctx) return;
    let size = { w: 0, h: 0, k: 0 };
    const paint = () => {
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      if (w === 0 || h === 0) return;
      const k = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_PIXELS / (w * h)));
      if (w !== size.w || h !== size.h || k !== size.k) {
        size = { w, h, k };
        canvas.width = Math.max(1, Math.round(w * k));
        canvas.height = Math.max(1, Math.round(h * k));
      }
      ctx.setTransform(k, 0, 0, k, 0, 0);
      const m = motion.current;
      drawVisual(ctx, w, h, pattern, { params: m.shown, rotation: m.rotation, pulse: pulseOf(m, calm), grainStep: m.grainStep });
    };

    let raf = 0;
    let last = 0;
    const frame = (now: number) => {
      const t0 = performance.now();
      motion.current = step(motion.current, target.current, last ? (now - last) / 1000 : 0, calm);
      last = now;
      paint();
      performance.measure(FRAME_MEASURE, { start: t0 });
      performance.clearMeasures(FRAME_MEASURE);
      raf = requestAnimationFrame(frame);
    };
    const run = () => {
      const live = state === 'playing' && document.visibilityState === 'visible';
      if (live && !raf) {
        last = 0;
        raf = requestAnimationFrame(frame);
      } else if (!live && raf) {
        cancelAnimationFrame(raf);
        raf = 0;
      }
    };
    // One still frame now (a new pattern or the resting picture), then run if there is sound.
    paint();
    run();
    const onResize = () => !raf && paint();
    document.addEventListener('visibilitychange', run);
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(raf);
      document.removeEventListener('visibilitychange', run);
      window.removeEventListener('resize', onResize);
    };
  }, [pattern, calm, state]);

  return (
    <figure className="visuals__figure">
      <canvas ref={canvasRef} className="visuals__canvas" data-testid="visuals-canvas" data-frame-measure={FRAME_MEASURE} role="img" aria-label="Sacred geometry moving with the sound" aria-describedby="visuals-summary" />
      <figcaption id="visuals-summary" className="visually-hidden" data-testid="visuals-summary">
        {summary}
      </figcaption>
    </figure>
  );
}
