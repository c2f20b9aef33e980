import { describe, expect, it } from 'vitest';
import { flowerCount, flowerOfLife, lotusPetals, metatronsCube, roseRing, sriYantra, type Point } from './geometry';

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const key = ([x, y]: Point) => `${x.toFixed(6)},${y.toFixed(6)}`;

describe('Flower of Life', () => {
  it('has 1, 7 (Seed of Life), 19 and 37 circles for 0–3 rings', () => {
    expect([0, 1, 2, 3].map((n) => flowerOfLife(n, 1).length)).toEqual([1, 7, 19, 37]);
    expect([0, 1, 2, 3].map(flowerCount)).toEqual([1, 7, 19, 37]);
  });

  it('puts each circle through its neighbours’ centres: a hexagonal lattice of spacing r', () => {
    const r = 0.25;
    const centres = flowerOfLife(2, r);
    expect(new Set(centres.map(key)).size).toBe(19);
    // No two centres closer than r; the centre circle has exactly six neighbours at r.
    for (let i = 0; i < centres.length; i++) for (let j = i + 1; j < centres.length; j++) expect(dist(centres[i]!, centres[j]!)).toBeGreaterThan(r - 1e-9);
    expect(centres.filter((c) => Math.abs(dist(c, [0, 0]) - r) < 1e-9)).toHaveLength(6);
    // The outer ring: six at 2r and six at √3·r, none further (the classic 19 fit in 3r).
    expect(centres.filter((c) => Math.abs(dist(c, [0, 0]) - 2 * r) < 1e-9)).toHaveLength(6);
    expect(centres.filter((c) => Math.abs(dist(c, [0, 0]) - Math.sqrt(3) * r) < 1e-9)).toHaveLength(6);
    expect(Math.max(...centres.map((c) => dist(c, [0, 0])))).toBeCloseTo(2 * r, 9);
    // Symmetric: the centres balance at the origin.
    expect(centres.reduce((s, c) => s + c[0], 0)).toBeCloseTo(0, 9);
    expect(centres.reduce((s, c) => s + c[1], 0)).toBeCloseTo(0, 9);
  });

  it('refuses a ring count that is not a whole number', () => {
    expect(() => flowerOfLife(-1, 1)).toThrow(RangeError);
    expect(() => flowerOfLife(1.5, 1)).toThrow(RangeError);
  });
});

describe('Metatron’s cube', () => {
  it('joins the 13 centres of the Fruit of Life with 78 lines', () => {
    const r = 0.2;
    const { centres, lines } = metatronsCube(r);
    expect(centres).toHaveLength(13);
    expect(lines).toHaveLength(78);
    const radii = centres.map((c) => +dist(c, [0, 0]).toFixed(9)).sort((a, b) => a - b);
    expect(radii).toEqual([0, ...Array(6).fill(0.4), ...Array(6).fill(0.8)]);
    // Fruit of Life circles touch but never overlap: nearest centres 2r apart.
    let nearest = Infinity;
    for (const [a, b] of lines) nearest = Math.min(nearest, dist(a, b));
    expect(nearest).toBeCloseTo(2 * r, 9);
    // Every pair exactly once.
    expect(new Set(lines.map(([a, b]) => [key(a), key(b)].sort().join('|'))).size).toBe(78);
  });
});

describe('Sri Yantra', () => {
  const { triangles, bindu, petals } = sriYantra();

  it('has nine triangles: four pointing up, five down', () => {
    expect(triangles).toHaveLength(9);
    expect(triangles.filter((t) => t.up)).toHaveLength(4);
    expect(triangles.filter((t) => !t.up)).toHaveLength(5);
    expect(petals).toEqual({ inner: 8, outer: 16 });
  });

  it('keeps every triangle inside the circle, symmetric about the vertical axis, pointing its way', () => {
    for (const t of triangles) {
      const [l, r, apex] = t.points;
      for (const p of t.points) expect(Math.hypot(p[0], p[1])).toBeLessThanOrEqual(1 + 1e-9);
      expect(l[0]).toBeCloseTo(-r[0], 12);
      expect(l[1]).toBe(r[1]);
      expect(apex[0]).toBe(0);
      expect(apex[1] > l[1]).toBe(t.up);
      expect(r[0]).toBeGreaterThan(0);
    }
  });

  it('has the two largest of each direction touching the circle, and the bindu inside the innermost', () => {
    const touching = triangles.filter((t) => Math.abs(Math.hypot(...t.points[1]) - 1) < 1e-9);
    expect(touching.filter((t) => t.up)).toHaveLength(2);
    expect(touching.filter((t) => !t.up)).toHaveLength(2);
    // Nine distinct base lines, as in the construction.
    expect(new Set(triangles.map((t) => t.points[0][1].toFixed(6))).size).toBe(9);
    const inner = triangles.filter((t) => !t.up).at(-1)!.points;
    expect(bindu[0]).toBe(0);
    expect(bindu[1]).toBeLessThan(inner[0][1]);
    expect(bindu[1]).toBeGreaterThan(inner[2][1]);
  });

  it('interlocks: every triangle’s sides cross a triangle of the other direction', () => {
    // Proper crossing of segments ab and cd (touching at an end does not count).
    const side = (p: Point, q: Point, r: Point) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
    const cross = (a: Point, b: Point, c: Point, d: Point) => side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
    const edges = (t: (typeof triangles)[number]) => [0, 1, 2].map((i) => [t.points[i]!, t.points[(i + 1) % 3]!] as const);
    for (const t of triangles) {
      const others = triangles.filter((o) => o.up !== t.up);
      expect(edges(t).some(([a, b]) => others.some((o) => edges(o).some(([c, d]) => cross(a, b, c, d))))).toBe(true);
    }
  });
});

describe('petals and rings', () => {
  it('draws a lotus of n petals as 2n curves from r0 out to r1 and back', () => {
    const curves = lotusPetals(8, 0.5, 0.7);
    expect(curves).toHaveLength(16);
    for (let k = 0; k < 8; k++) {
      const [start] = curves[2 * k]!;
      const [, , tip] = curves[2 * k]!;
      expect(Math.hypot(...start)).toBeCloseTo(0.5, 9);
      expect(Math.hypot(...tip)).toBeCloseTo(0.7, 9);
      expect(curves[2 * k + 1]![0]).toEqual(tip);
    }
  });

  it('samples a rose ring whose radius swings by depth around its petals', () => {
    const pts = roseRing(0.5, 6, 0.1, 360);
    const radii = pts.map((p) => Math.hypot(...p));
    expect(Math.max(...radii)).toBeCloseTo(0.55, 6);
    expect(Math.min(...radii)).toBeCloseTo(0.45, 6);
    // Six maxima around the circle.
    const peaks = radii.filter((r, i) => r > radii[(i + 359) % 360]! && r >= radii[(i + 1) % 360]!);
    expect(peaks).toHaveLength(6);
    expect(roseRing(0.5, 6, 0, 90).every((p) => Math.abs(Math.hypot(...p) - 0.5) < 1e-12)).toBe(true);
  });
});
