import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Dub } from '../../../contract';
import { formatClock, formatClockTenths } from '../format';

const HEIGHT = 112;

/** The recording's waveform with every line's region marked (numbered where there is room),
 *  the chosen line picked out and the playhead when this dub plays. Keyboard: ←/→ move between
 *  lines, Home/End to the first/last, Enter plays from the chosen one; a click does the same. */
export function DubWaveform({ dub, current, onCurrent, onPlayFrom, playheadSec }: { dub: Dub; current: number; onCurrent: (index: number) => void; onPlayFrom: (index: number) => void; playheadSec: number | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const duration = dub.source?.durationSec ?? 0;
  const lines = dub.segments;

  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g || duration <= 0) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, c.clientWidth) * ratio;
    const h = HEIGHT * ratio;
    c.width = w;
    c.height = h;
    const css = getComputedStyle(c);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    g.clearRect(0, 0, w, h);
    const x = (sec: number) => (sec / duration) * w;
    // Regions: alternating tints so neighbours stay apart; the chosen one stronger, with edges.
    lines.forEach((s, i) => {
      const a = x(s.sourceStart);
      const b = Math.max(a + 1, x(s.sourceEnd));
      g.fillStyle = i === current ? 'rgba(227, 185, 106, 0.30)' : i % 2 ? 'rgba(157, 140, 240, 0.16)' : 'rgba(108, 199, 181, 0.16)';
      g.fillRect(a, 0, b - a, h);
      if (s.overLimit) {
        g.fillStyle = color('--warn', '#e8b65a');
        g.fillRect(a, h - 4 * ratio, b - a, 4 * ratio);
      }
    });
    // The waveform: one min/max stroke per pixel column.
    const n = dub.peaks.length / 2;
    g.strokeStyle = color('--accent', '#6cc7b5');
    g.lineWidth = Math.max(1, ratio);
    g.beginPath();
    for (let px = 0; px < w; px++) {
      const k0 = Math.floor((px / w) * n);
      const k1 = Math.max(k0 + 1, Math.floor(((px + 1) / w) * n));
      let lo = 1;
      let hi = -1;
      for (let k = k0; k < k1 && k < n; k++) {
        lo = Math.min(lo, dub.peaks[2 * k]!);
        hi = Math.max(hi, dub.peaks[2 * k + 1]!);
      }
      if (hi < lo) continue;
      g.moveTo(px + 0.5, h / 2 - hi * (h / 2 - 2));
      g.lineTo(px + 0.5, h / 2 - lo * (h / 2 - 2) + 1);
    }
    g.stroke();
    // Line numbers where a region is wide enough to hold one.
    g.font = `${11 * ratio}px ${css.fontFamily || 'sans-serif'}`;
    g.textBaseline = 'top';
    let lastEnd = -Infinity;
    lines.forEach((s, i) => {
      const a = x(s.sourceStart);
      const label = String(i + 1);
      const width = g.measureText(label).width;
      if (a < lastEnd + 4 * ratio || x(s.sourceEnd) - a < width + 6 * ratio) return;
      g.fillStyle = i === current ? color('--gold', '#e3b96a') : color('--text-muted', '#9aa5b4');
      g.fillText(label, a + 3 * ratio, 3 * ratio);
      lastEnd = a + width + 3 * ratio;
    });
    const chosen = lines[current];
    if (chosen) {
      g.strokeStyle = color('--gold', '#e3b96a');
      g.lineWidth = 2 * ratio;
      g.strokeRect(x(chosen.sourceStart), ratio, Math.max(2, x(chosen.sourceEnd) - x(chosen.sourceStart)), h - 2 * ratio);
    }
    if (playheadSec !== null) {
      g.fillStyle = color('--text', '#e6eaf0');
      g.fillRect(x(playheadSec), 0, Math.max(1, ratio), h);
    }
  }, [dub.peaks, lines, current, duration, playheadSec]);

  if (!dub.source) return <p className="muted">The waveform appears once the recording is decoded.</p>;

  const lineAt = (sec: number) => {
    const k = lines.findIndex((s) => sec < s.sourceEnd);
    return k < 0 ? lines.length - 1 : k;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (lines.length === 0) return;
    const to = e.key === 'ArrowRight' ? current + 1 : e.key === 'ArrowLeft' ? current - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? lines.length - 1 : null;
    if (to !== null) {
      e.preventDefault();
      onCurrent(Math.max(0, Math.min(lines.length - 1, to)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPlayFrom(current);
    }
  };
  const chosen = lines[current];

  return (
    <div className="dub-wave">
      <div
        className="dub-wave__area"
        role="group"
        tabIndex={0}
        aria-roledescription="waveform"
        aria-label={`Waveform, ${lines.length} lines. Arrow keys choose a line, Enter plays from it.`}
        onKeyDown={onKeyDown}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const k = lineAt(((e.clientX - r.left) / Math.max(1, r.width)) * duration);
          if (k < 0) return;
          onCurrent(k);
          onPlayFrom(k);
        }}
        data-testid="dub-wave"
      >
        <canvas ref={canvas} height={HEIGHT} className="dub-wave__canvas" aria-hidden="true" />
      </div>
      <p className="dub-wave__caption muted tabular" aria-live="polite" data-testid="dub-wave-caption">
        {chosen ? (
          <>
            Line {current + 1} of {lines.length} · {formatClockTenths(chosen.sourceStart)}–{formatClockTenths(chosen.sourceEnd)} · {chosen.sourceText}
          </>
        ) : (
          `${formatClock(duration)} · no lines yet`
        )}
      </p>
    </div>
  );
}
