import { describe, expect, it } from 'vitest';
import { formatClock, parseClock } from '../format';
import { bandFreq, dbToY, freqToX } from './scale';
import { peaksSummary } from './SpectrumView';

describe('spectrum axes', () => {
  it('puts frequencies on a log axis from 20 Hz to 20 kHz', () => {
    expect(freqToX(20, 600)).toBe(0);
    expect(freqToX(20_000, 600)).toBeCloseTo(600, 9);
    // Each decade takes a third of the width; the geometric middle sits in the middle.
    expect(freqToX(200, 600)).toBeCloseTo(200, 9);
    expect(freqToX(2000, 600)).toBeCloseTo(400, 9);
    expect(freqToX(Math.sqrt(20 * 20_000), 600)).toBeCloseTo(300, 9);
    expect(freqToX(5, 600)).toBe(0);
    expect(freqToX(96_000, 600)).toBeCloseTo(600, 9);
  });

  it('band centres match the analyser’s: geometric means of equal log-width bands', () => {
    const n = 64;
    const ratio = (20_000 / 20) ** (1 / n);
    for (const b of [0, 1, 31, 63]) {
      const lo = 20 * ratio ** b;
      expect(bandFreq(b, n)).toBeCloseTo(Math.sqrt(lo * lo * ratio), 6);
    }
  });

  it('maps dBFS to height with 0 dB at the top and clamps the rest', () => {
    expect(dbToY(0, 100)).toBe(0);
    expect(dbToY(-48, 100)).toBeCloseTo(50, 9);
    expect(dbToY(-200, 100)).toBe(100);
    expect(dbToY(-Infinity, 100)).toBe(100);
    expect(dbToY(6, 100)).toBe(0);
  });

  it('summarises peaks as text', () => {
    const s = { sampleRate: 48000, bands: [[], []], atSec: 0, active: [], peaks: [{ freq: 205, db: -10 }, { freq: 194.96, db: -11 }] };
    expect(peaksSummary(s)).toBe('Peaks: 205.0 Hz, 195.0 Hz');
    expect(peaksSummary(null)).toBe('Peaks: none');
  });
});

describe('clock text', () => {
  it('formats and reads m:ss and h:mm:ss', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(75.9)).toBe('1:15');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(parseClock('1:15')).toBe(75);
    expect(parseClock('90')).toBe(90);
    expect(parseClock('1:02:05')).toBe(3725);
    expect(parseClock('1:75')).toBeNull();
    expect(parseClock('abc')).toBeNull();
    expect(parseClock('')).toBeNull();
  });
});
