import type { Spectrum } from '../../../contract';
import { bandFreq, dbToY, freqToX, GRID_FREQS, LABEL_FREQS } from './scale';

export interface Palette {
  grid: string;
  label: string;
  left: string;
  right: string;
  active: string;
  peak: string;
}

const AXIS = 16; // px (CSS) kept free under the plot for the frequency labels

/**
 * Paint one frame. Sizes are CSS pixels; the context is already scaled for the device pixel
 * ratio. `spectrum` null draws the empty axes (nothing playing).
 */
export function drawSpectrum(ctx: CanvasRenderingContext2D, width: number, height: number, spectrum: Spectrum | null, c: Palette): void {
  ctx.clearRect(0, 0, width, height);
  const plotH = height - AXIS;

  ctx.lineWidth = 1;
  ctx.strokeStyle = c.grid;
  ctx.beginPath();
  for (const f of GRID_FREQS) {
    const x = Math.round(freqToX(f, width)) + 0.5;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, plotH);
  }
  for (const db of [-24, -48, -72]) {
    const y = Math.round(dbToY(db, plotH)) + 0.5;
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
  }
  ctx.stroke();

  ctx.fillStyle = c.label;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  for (const { freq, label } of LABEL_FREQS) {
    const x = freqToX(freq, width);
    ctx.textAlign = 'center';
    ctx.fillText(label, x, height - 1);
  }
  if (!spectrum) return;

  // Right first and lighter, so the left channel's fill sits on top; both outlined.
  const channels: [number[] | undefined, string, number][] = [
    [spectrum.bands[1], c.right, 0.18],
    [spectrum.bands[0], c.left, 0.28],
  ];
  for (const [bands, color, fillAlpha] of channels) {
    if (!bands || bands.length === 0) continue;
    ctx.beginPath();
    bands.forEach((db, i) => {
      const x = freqToX(bandFreq(i, bands.length), width);
      const y = dbToY(db, plotH);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.lineTo(freqToX(bandFreq(bands.length - 1, bands.length), width), plotH);
    ctx.lineTo(freqToX(bandFreq(0, bands.length), width), plotH);
    ctx.closePath();
    ctx.globalAlpha = fillAlpha;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  // What the engine says it is making: dashed verticals, labelled where there is room.
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = c.active;
  ctx.fillStyle = c.active;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  let lastLabelEnd = -Infinity;
  // Noise has no pitch (freq 0): it shows in the bands, not as a marker.
  const active = spectrum.active.filter((a) => a.freq >= 20).sort((a, b) => a.freq - b.freq);
  for (const a of active) {
    const x = Math.round(freqToX(a.freq, width)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, 12);
    ctx.lineTo(x, plotH);
    ctx.stroke();
    const text = `${a.label} ${a.freq.toFixed(1)}`;
    const w = ctx.measureText(text).width;
    if (x + 4 > lastLabelEnd + 6 && x + 4 + w < width) {
      ctx.fillText(text, x + 4, 2);
      lastLabelEnd = x + 4 + w;
    }
  }
  ctx.setLineDash([]);

  // What the analysis actually found: dots on the curve.
  ctx.fillStyle = c.peak;
  for (const p of spectrum.peaks) {
    if (p.freq < 20) continue; // below the axis: listed in the text summary, not drawn at the edge
    ctx.beginPath();
    ctx.arc(freqToX(p.freq, width), dbToY(p.db, plotH), 3, 0, Math.PI * 2);
    ctx.fill();
  }
}
