/**
 * A story's cover, drawn here (no image service): rings of a mandala in the repository's own hue,
 * its name in a pixel font, and a bar of its languages by share, each in its colour. Encoded as a
 * PNG with pngjs (MIT). The same repository always gets the same picture.
 */
import { PNG } from 'pngjs';

export const COVER_SIZE = 600;

// A 5×7 pixel font: each glyph is 7 rows of 5 bits.
const FONT: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14], D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16], G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14], J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14], P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17], S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14], V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 10, 4, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31], '0': [14, 17, 19, 21, 25, 17, 14], '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31], '3': [30, 1, 1, 14, 1, 1, 30], '4': [2, 6, 10, 18, 31, 2, 2], '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14], '7': [31, 1, 2, 4, 8, 8, 8], '8': [14, 17, 17, 14, 17, 17, 14], '9': [14, 17, 17, 15, 1, 2, 12],
  '-': [0, 0, 0, 14, 0, 0, 0], '.': [0, 0, 0, 0, 0, 12, 12], '_': [0, 0, 0, 0, 0, 0, 31], '/': [1, 1, 2, 4, 8, 16, 16],
  '+': [0, 4, 4, 31, 4, 4, 0], '#': [10, 10, 31, 10, 31, 10, 10], ' ': [0, 0, 0, 0, 0, 0, 0], '%': [24, 25, 2, 4, 8, 19, 3],
};

type Rgb = [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const hueOf = (text: string) => {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
};

export interface CoverInput {
  name: string;
  languages: Array<{ name: string; share: number }>;
}

export function drawCover(input: CoverInput, size = COVER_SIZE): Buffer {
  const png = new PNG({ width: size, height: size });
  const d = png.data;
  const hue = hueOf(input.name);
  const put = (x: number, y: number, [r, g, b]: Rgb, a = 1) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    const i = (Math.floor(y) * size + Math.floor(x)) * 4;
    d[i] = Math.round(d[i]! * (1 - a) + r * a);
    d[i + 1] = Math.round(d[i + 1]! * (1 - a) + g * a);
    d[i + 2] = Math.round(d[i + 2]! * (1 - a) + b * a);
    d[i + 3] = 255;
  };
  // Background: a deep vertical gradient in the repository's hue.
  for (let y = 0; y < size; y++) {
    const c = hsl(hue, 0.45, 0.1 + (0.12 * y) / size);
    for (let x = 0; x < size; x++) put(x, y, c);
  }
  // A mandala: rings of circles around the centre of the upper part.
  const cx = size / 2;
  const cy = size * 0.38;
  const ring = (r: number, color: Rgb, alpha: number) => {
    const steps = Math.ceil(2 * Math.PI * r * 1.5);
    for (let k = 0; k < steps; k++) {
      const t = (2 * Math.PI * k) / steps;
      put(cx + r * Math.cos(t), cy + r * Math.sin(t), color, alpha);
      put(cx + (r + 0.5) * Math.cos(t), cy + (r + 0.5) * Math.sin(t), color, alpha * 0.6);
    }
  };
  const petals = 6 + (hue % 7);
  for (let k = 0; k < petals; k++) {
    const t = (2 * Math.PI * k) / petals;
    const r = size * 0.11;
    const px = cx + r * Math.cos(t);
    const py = cy + r * Math.sin(t);
    const steps = Math.ceil(2 * Math.PI * r * 1.5);
    for (let j = 0; j < steps; j++) {
      const u = (2 * Math.PI * j) / steps;
      put(px + r * Math.cos(u), py + r * Math.sin(u), hsl((hue + 40) % 360, 0.7, 0.7), 0.8);
    }
  }
  for (let n = 1; n <= 4; n++) ring(size * (0.05 + 0.06 * n), hsl((hue + 20 * n) % 360, 0.6, 0.65), 0.9);

  // The name, in capitals, as large as fits (at most two lines).
  const text = input.name.toUpperCase().replace(/[^A-Z0-9 ._/+#%-]/g, '');
  const words = text.split(/\s+|(?<=[-_/.])/).filter(Boolean);
  const maxChars = 14;
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.at(-1);
    if (last !== undefined && (last + w).length <= maxChars) lines[lines.length - 1] = last + w;
    else lines.push(w.slice(0, maxChars));
  }
  const shown = lines.slice(0, 2);
  const longest = Math.max(1, ...shown.map((l) => l.length));
  const scale = Math.max(3, Math.min(9, Math.floor((size * 0.86) / (longest * 6))));
  shown.forEach((line, li) => {
    const width = line.length * 6 * scale;
    const x0 = (size - width) / 2;
    const y0 = size * 0.68 + li * 9 * scale;
    [...line].forEach((ch, ci) => {
      const glyph = FONT[ch] ?? FONT[' ']!;
      glyph.forEach((row, gy) => {
        for (let gx = 0; gx < 5; gx++) {
          if (!(row & (16 >> gx))) continue;
          for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) put(x0 + (ci * 6 + gx) * scale + sx, y0 + gy * scale + sy, [245, 240, 230]);
        }
      });
    });
  });

  // The languages: one bar, a segment per language by share.
  const barY = size - 34;
  let x = size * 0.08;
  const barW = size * 0.84;
  const langs = input.languages.filter((l) => l.share > 0).slice(0, 6);
  const total = langs.reduce((s, l) => s + l.share, 0) || 1;
  langs.forEach((l) => {
    const w = (barW * l.share) / total;
    const c = hsl(hueOf(l.name), 0.65, 0.58);
    for (let yy = barY; yy < barY + 14; yy++) for (let xx = Math.floor(x); xx < Math.floor(x + w) - 1; xx++) put(xx, yy, c);
    x += w;
  });
  return PNG.sync.write(png);
}
