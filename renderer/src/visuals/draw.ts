/**
 * Paint one frame of a pattern on a 2D canvas. Canvas 2D is enough: a few hundred strokes and
 * one full-screen fill a frame (bench/visuals.ts measures it in software rendering).
 * No shadowBlur or filters: they are what makes software rendering slow.
 */
import { flowerOfLife, lotusPetals, metatronsCube, roseRing, sriYantra, type Point } from './geometry';
import { mandalaRings, type Carrier, type VisualParams } from './mapping';

export const PATTERNS = [
  { id: 'flower', label: 'Flower of Life' },
  { id: 'sri-yantra', label: 'Sri Yantra' },
  { id: 'metatron', label: 'Metatron’s cube' },
  { id: 'rings', label: 'Mandala of rings' },
] as const;
export type Pattern = (typeof PATTERNS)[number]['id'];
export const isPattern = (v: unknown): v is Pattern => PATTERNS.some((p) => p.id === v);

export interface Frame {
  params: VisualParams;
  rotation: number;
  /** 0–1 (see motion.ts). */
  pulse: number;
  grainStep: number;
}

/** How far the figure swells at the top of a pulse: gentle, a breath, not a throb. */
const PULSE_SWELL = 0.045;
/** With nothing sounding: Koru's sage teal. */
const REST_HUE = 168;
const BG = '#0b0e13';

// Geometry is fixed: compute it once.
const FLOWER = flowerOfLife(2, 1 / 3).map((c) => ({ c, ring: Math.round(Math.hypot(c[0], c[1]) * 3 - 0.2) }));
const METATRON = metatronsCube(1 / 5);
const YANTRA = sriYantra();
const LOTUS_INNER = lotusPetals(YANTRA.petals.inner, 0.66, 0.78);
const LOTUS_OUTER = lotusPetals(YANTRA.petals.outer, 0.8, 0.9);

const hsl = (hue: number, light: number, alpha: number) => `hsl(${hue.toFixed(1)} 68% ${light}% / ${alpha.toFixed(3)})`;

/** The carrier for slot i, or a resting one. Past the last carrier the list comes round again,
 *  each turn a little further round the colour wheel, so one tone still gives a few colours. */
function carrierAt(cs: Carrier[], i: number): Carrier {
  const c = cs.length ? cs[i % cs.length]! : { freq: 0, hue: REST_HUE, radius: 0.3 + 0.25 * i, level: 0.35 };
  const turn = Math.floor(i / Math.max(1, cs.length)) * 24;
  return { ...c, hue: (c.hue + turn) % 360 };
}

export function drawVisual(ctx: CanvasRenderingContext2D, width: number, height: number, pattern: Pattern, f: Frame): void {
  const { params } = f;
  const base = carrierAt(params.carriers, 0);
  ctx.globalCompositeOperation = 'source-over';
  ctx.globalAlpha = 1;
  ctx.fillStyle = BG;
  ctx.fillRect(0, 0, width, height);

  const R = (Math.min(width, height) / 2) * 0.92;
  const cx = width / 2;
  const cy = height / 2;
  // A glow behind the figure in the first carrier's colour, brighter when louder.
  const glow = ctx.createRadialGradient(cx, cy, 0, cx, cy, R * 1.1);
  glow.addColorStop(0, hsl(base.hue, 45, 0.1 + 0.22 * params.energy + 0.08 * f.pulse));
  glow.addColorStop(1, hsl(base.hue, 45, 0));
  ctx.fillStyle = glow;
  // Only the square the glow covers: in software rendering every pixel filled costs.
  ctx.fillRect(cx - R * 1.1, cy - R * 1.1, R * 2.2, R * 2.2);

  const scale = R * (1 + PULSE_SWELL * f.pulse * (0.4 + 0.6 * params.energy));
  ctx.save();
  ctx.translate(cx, cy);
  ctx.scale(scale, -scale);
  ctx.rotate(f.rotation);
  ctx.lineJoin = 'round';
  const px = 1 / scale; // one CSS pixel in figure units
  const brightness = 0.5 + 0.4 * params.energy + 0.1 * f.pulse;
  const paint = { px, brightness, carriers: params.carriers, rotation: f.rotation };
  if (pattern === 'flower') drawFlower(ctx, paint);
  else if (pattern === 'sri-yantra') drawYantra(ctx, paint);
  else if (pattern === 'metatron') drawMetatron(ctx, paint);
  else drawRings(ctx, paint, params.texture.fine + params.texture.coarse);
  ctx.restore();

  drawGrain(ctx, cx, cy, R, params.texture, f.grainStep, base.hue);
}

interface Paint {
  px: number;
  brightness: number;
  carriers: Carrier[];
  rotation: number;
}

/** One line in a carrier's colour, brighter when louder. A single thin stroke: a wide faint one
 *  under it (a cheap glow) made software rendering drop 5–30 % of frames (bench/visuals.ts). */
function toneStroke(ctx: CanvasRenderingContext2D, hue: number, level: number, p: Paint, width = 1.4): void {
  ctx.strokeStyle = hsl(hue, 74, p.brightness * (0.45 + 0.55 * level));
  ctx.lineWidth = width * p.px;
  ctx.stroke();
}

function circle(ctx: CanvasRenderingContext2D, [x, y]: Point, r: number): void {
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, 2 * Math.PI);
}

function drawFlower(ctx: CanvasRenderingContext2D, p: Paint): void {
  // One path per lattice ring, each in its carrier's colour: the flower shows every tone.
  for (let ring = 0; ring <= 2; ring++) {
    const c = carrierAt(p.carriers, ring);
    ctx.beginPath();
    for (const { c: centre, ring: r } of FLOWER) if (r === ring) circle(ctx, centre, 1 / 3);
    toneStroke(ctx, c.hue, c.level, p);
  }
  const outer = carrierAt(p.carriers, p.carriers.length - 1);
  ctx.beginPath();
  circle(ctx, [0, 0], 1);
  circle(ctx, [0, 0], 1.03);
  toneStroke(ctx, outer.hue, outer.level, p, 1);
}

function drawMetatron(ctx: CanvasRenderingContext2D, p: Paint): void {
  const lines = carrierAt(p.carriers, 0);
  ctx.beginPath();
  for (const [a, b] of METATRON.lines) {
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
  }
  toneStroke(ctx, lines.hue, lines.level, p, 1);
  const circles = carrierAt(p.carriers, 1);
  ctx.beginPath();
  for (const c of METATRON.centres) circle(ctx, c, 1 / 5);
  toneStroke(ctx, circles.hue, circles.level, p, 1.6);
}

function drawYantra(ctx: CanvasRenderingContext2D, p: Paint): void {
  const up = carrierAt(p.carriers, 0);
  const down = p.carriers.length > 1 ? carrierAt(p.carriers, 1) : { ...up, hue: (up.hue + 180) % 360 };
  const k = 0.64; // the triangles sit inside the first circle
  // The triangles stay upright (the yantra has a top); the lotus around them turns.
  ctx.save();
  ctx.rotate(-p.rotation);
  for (const want of [false, true]) {
    const c = want ? up : down;
    ctx.beginPath();
    for (const t of YANTRA.triangles) {
      if (t.up !== want) continue;
      const [a, b, d] = t.points;
      ctx.moveTo(a[0] * k, a[1] * k);
      ctx.lineTo(b[0] * k, b[1] * k);
      ctx.lineTo(d[0] * k, d[1] * k);
      ctx.closePath();
    }
    ctx.fillStyle = hsl(c.hue, 55, 0.05 + 0.08 * c.level);
    ctx.fill();
    toneStroke(ctx, c.hue, c.level, p);
  }
  // The bindu: the still point.
  ctx.beginPath();
  circle(ctx, [YANTRA.bindu[0] * k, YANTRA.bindu[1] * k], 0.014);
  ctx.fillStyle = hsl(up.hue, 80, p.brightness);
  ctx.fill();
  ctx.restore();
  const petals = carrierAt(p.carriers, 2);
  for (const [set, r] of [[LOTUS_INNER, 0.66], [LOTUS_OUTER, 0.8]] as const) {
    ctx.beginPath();
    circle(ctx, [0, 0], r);
    for (const [s, c, e] of set) {
      ctx.moveTo(s[0], s[1]);
      ctx.quadraticCurveTo(c[0], c[1], e[0], e[1]);
    }
    toneStroke(ctx, petals.hue, petals.level, p, 1.1);
  }
  ctx.beginPath();
  for (const r of [0.93, 0.96, 0.99]) circle(ctx, [0, 0], r);
  toneStroke(ctx, down.hue, down.level, p, 0.9);
}

const RING_SAMPLES = 192;

function drawRings(ctx: CanvasRenderingContext2D, p: Paint, roughness: number): void {
  const base = carrierAt(p.carriers, 0);
  const rings = p.carriers.length ? mandalaRings(p.carriers) : [0.35, 0.6, 0.85].map((radius, i) => ({ radius, hue: (REST_HUE + 24 * i) % 360, level: 0.35, petals: 6 * (i + 1) }));
  // Twelve faint spokes under the rings.
  ctx.beginPath();
  for (let k = 0; k < 12; k++) {
    const a = (k * Math.PI) / 6;
    ctx.moveTo(0.12 * Math.cos(a), 0.12 * Math.sin(a));
    ctx.lineTo(Math.cos(a), Math.sin(a));
  }
  ctx.strokeStyle = hsl(base.hue, 40, 0.12 * p.brightness);
  ctx.lineWidth = p.px;
  ctx.stroke();
  rings.forEach((c, i) => {
    // Louder rings bloom deeper; noise roughens the edge; neighbours turn opposite ways.
    const depth = (0.012 + 0.04 * c.level + 0.015 * Math.min(1, roughness)) * (6 / c.petals + 0.5);
    const phase = (i % 2 ? -2 : 2) * p.rotation * c.petals;
    const pts = roseRing(c.radius, c.petals, depth, Math.max(RING_SAMPLES, c.petals * 10), phase);
    ctx.beginPath();
    ctx.moveTo(pts[0]![0], pts[0]![1]);
    for (let j = 1; j < pts.length; j++) ctx.lineTo(pts[j]![0], pts[j]![1]);
    ctx.closePath();
    toneStroke(ctx, c.hue, c.level, p, 0.9 + 1.2 * c.level);
  });
  ctx.beginPath();
  circle(ctx, [0, 0], 0.03);
  ctx.fillStyle = hsl(base.hue, 80, p.brightness);
  ctx.fill();
}

/** Specks at the most, at full noise: fine ones from the highs, coarse from the lows. */
export const MAX_SPECKS = { fine: 900, coarse: 260 };

/** A small fast PRNG (mulberry32): the same step gives the same specks. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Noise as grain: specks scattered over the figure's disc, re-scattered each step so they
 * shimmer. Tiny rectangles, not a full-screen pattern: in software rendering the cost follows
 * the pixels touched, and a speck touches a handful.
 */
export function grainSpecks(texture: VisualParams['texture'], stepN: number): { fine: Point[]; coarse: Point[] } {
  const next = rng(stepN * 7919 + 1);
  const scatter = (n: number): Point[] => {
    const out: Point[] = [];
    for (let i = 0; i < n; i++) {
      // Uniform over the disc: radius from the square root.
      const r = Math.sqrt(next()) * 1.05;
      const a = next() * 2 * Math.PI;
      out.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return out;
  };
  return { fine: scatter(Math.round(MAX_SPECKS.fine * Math.min(1, texture.fine))), coarse: scatter(Math.round(MAX_SPECKS.coarse * Math.min(1, texture.coarse))) };
}

function drawGrain(ctx: CanvasRenderingContext2D, cx: number, cy: number, R: number, t: VisualParams['texture'], stepN: number, hue: number): void {
  const { fine, coarse } = grainSpecks(t, stepN);
  for (const [pts, size, light] of [[fine, 1.2, 82], [coarse, 2.6, 62]] as const) {
    if (pts.length === 0) continue;
    ctx.beginPath();
    for (const [x, y] of pts) ctx.rect(cx + x * R, cy - y * R, size, size);
    ctx.fillStyle = `hsl(${hue.toFixed(0)} 30% ${light}% / 0.45)`;
    ctx.fill();
  }
}
