import { useEffect, useRef, useState } from 'react';
import type { Spectrum } from '../../../contract';
import { useKoruEvent } from '../app/koru';
import { formatHz } from '../format';
import { usePlaybackStatus } from '../playback/usePlayback';
import { drawSpectrum, type Palette } from './draw';

/** Text for people who do not see the canvas (and for tests): the strongest peaks. */
export function peaksSummary(s: Spectrum | null): string {
  if (!s || s.peaks.length === 0) return 'Peaks: none';
  return `Peaks: ${s.peaks.map((p) => formatHz(p.freq)).join(', ')}`;
}

function activeSummary(s: Spectrum | null): string {
  if (!s || s.active.length === 0) return '';
  return `Playing: ${s.active.map((a) => (a.freq > 0 ? `${a.label} ${formatHz(a.freq)}` : a.label)).join(', ')}`;
}

function readPalette(el: HTMLElement): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    grid: v('--spectrum-grid', 'rgba(255,255,255,0.06)'),
    label: v('--text-faint', '#6b7686'),
    left: v('--spectrum-left', '#6cc7b5'),
    right: v('--spectrum-right', '#9d8cf0'),
    active: v('--spectrum-active', '#e3b96a'),
    peak: v('--text', '#e9edf2'),
  };
}

const SUMMARY_EVERY_MS = 500;

/**
 * Live spectrum. Events may arrive faster than frames: the latest is kept in a ref and painted
 * on the next animation frame, so React never re-renders per event. The text summary updates
 * at most twice a second (always with the newest data).
 */
export function SpectrumView() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const latest = useRef<Spectrum | null>(null);
  const dirty = useRef(true);
  const [summary, setSummary] = useState<{ peaks: string; active: string }>({ peaks: peaksSummary(null), active: '' });
  const lastSummaryAt = useRef(0);
  const summaryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { state } = usePlaybackStatus();

  const publish = () => {
    summaryTimer.current = null;
    lastSummaryAt.current = Date.now();
    setSummary({ peaks: peaksSummary(latest.current), active: activeSummary(latest.current) });
  };

  useKoruEvent('playback.spectrum', (s) => {
    latest.current = s;
    dirty.current = true;
    const wait = SUMMARY_EVERY_MS - (Date.now() - lastSummaryAt.current);
    if (wait <= 0) publish();
    else summaryTimer.current ??= setTimeout(publish, wait);
  });

  // Nothing is playing: clear the picture rather than freeze the last frame.
  useEffect(() => {
    if (state !== 'idle') return;
    latest.current = null;
    dirty.current = true;
    setSummary({ peaks: peaksSummary(null), active: '' });
  }, [state]);

  useEffect(() => () => void (summaryTimer.current && clearTimeout(summaryTimer.current)), []);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || typeof requestAnimationFrame !== 'function') return;
    const palette = readPalette(canvas);
    let size = { w: 0, h: 0, dpr: 0 };
    let raf = 0;
    const frame = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      if (w !== size.w || h !== size.h || dpr !== size.dpr) {
        size = { w, h, dpr };
        canvas.width = Math.max(1, Math.round(w * dpr));
        canvas.height = Math.max(1, Math.round(h * dpr));
        dirty.current = true;
      }
      if (dirty.current && w > 0 && h > 0) {
        dirty.current = false;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        drawSpectrum(ctx, w, h, latest.current, palette);
      }
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, []);

  return (
    <figure className="spectrum" aria-labelledby="spectrum-caption">
      <canvas
        ref={canvasRef}
        className="spectrum__canvas"
        data-testid="spectrum"
        role="img"
        aria-label="Live spectrum, 20 Hz to 20 kHz"
        aria-describedby="spectrum-peaks"
      />
      <figcaption className="spectrum__caption" id="spectrum-caption">
        <span className="spectrum__legend">
          <span className="swatch swatch--left" aria-hidden="true" /> L
          <span className="swatch swatch--right" aria-hidden="true" /> R
          <span className="swatch swatch--active" aria-hidden="true" /> active
        </span>
        <span id="spectrum-peaks" data-testid="spectrum-peaks" className="tabular">
          {summary.peaks}
        </span>
        {summary.active ? <span className="spectrum__active muted">{summary.active}</span> : null}
      </figcaption>
    </figure>
  );
}
