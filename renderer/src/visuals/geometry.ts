/**
 * The sacred-geometry figures as plain coordinates, in a unit space: centre (0, 0), the figure
 * inside the unit circle, y pointing up. Drawing scales and flips; nothing here touches a canvas.
 */

export type Point = readonly [x: number, y: number];

const SQRT3 = Math.sqrt(3);

/**
 * Centres of the Flower of Life: circles of radius `r` on a hexagonal lattice of spacing `r`
 * (each circle passes through its neighbours' centres), every lattice point within `rings`
 * steps of the centre. rings 1 is the Seed of Life (7), rings 2 the classic flower (19).
 */
export function flowerOfLife(rings: number, r: number): Point[] {
  if (!Number.isInteger(rings) || rings < 0) throw new RangeError(`flowerOfLife: rings must be a whole number ≥ 0, got ${rings}`);
  const out: Point[] = [];
  for (let q = -rings; q <= rings; q++) {
    for (let s = -rings; s <= rings; s++) {
      // Hexagonal (axial) distance from the centre.
      if ((Math.abs(q) + Math.abs(s) + Math.abs(q + s)) / 2 > rings) continue;
      out.push([r * (q + s / 2), r * ((s * SQRT3) / 2)]);
    }
  }
  return out;
}

/** 1 + 3·n·(n+1): how many circles a flower of `rings` rings has. */
export const flowerCount = (rings: number) => 1 + 3 * rings * (rings + 1);

/**
 * Metatron's cube: the thirteen circles of the Fruit of Life (radius `r`: the centre, six
 * touching it at 2r, six more at 4r on the same spokes) and a line between every pair of
 * centres — 13·12/2 = 78 lines, which trace the cube, the star tetrahedron and the rest.
 */
export function metatronsCube(r: number): { centres: Point[]; lines: [Point, Point][] } {
  const centres: Point[] = [[0, 0]];
  for (const d of [2 * r, 4 * r]) {
    for (let k = 0; k < 6; k++) {
      const a = Math.PI / 2 + (k * Math.PI) / 3;
      centres.push([d * Math.cos(a), d * Math.sin(a)]);
    }
  }
  const lines: [Point, Point][] = [];
  for (let i = 0; i < centres.length; i++) for (let j = i + 1; j < centres.length; j++) lines.push([centres[i]!, centres[j]!]);
  return { centres, lines };
}

export interface YantraTriangle {
  /** Apex up (Shiva, masculine) or down (Shakti, feminine). */
  up: boolean;
  points: [Point, Point, Point];
}

/**
 * Heights of the nine horizontal chords of the traditional construction, as marks on a vertical
 * diameter divided into 48 (0 at the top): each is the base of one triangle.
 */
const SRI_YANTRA_MARKS = { down: [6, 12, 17, 20, 23], up: [42, 36, 30, 27] } as const;
/** Where each triangle's apex sits on the same 48-mark diameter, in the order above. */
const SRI_YANTRA_APEX = { down: [48, 42, 36, 30, 27], up: [0, 6, 12, 17] } as const;

const markToY = (m: number) => 1 - m / 24;

/**
 * The Sri Yantra's nine interlocking triangles (four up, five down) inside the unit circle,
 * after the 48-division construction: the two largest of each direction have their base
 * corners on the circle; the inner ones end on the sides of the second-largest triangle of the
 * other direction, so every triangle cuts the others. An approximation: the exact figure needs
 * a numerical solve for its concurrent lines; what matters on screen is the interlocking.
 */
export function sriYantra(): { triangles: YantraTriangle[]; bindu: Point; petals: { inner: number; outer: number } } {
  const onCircle = (y: number) => Math.sqrt(Math.max(0, 1 - y * y));
  const tri = (up: boolean, by: number, ay: number, hw: number): YantraTriangle => ({ up, points: [[-hw, by], [hw, by], [0, ay]] });
  const make = (up: boolean, i: number, halfWidth: (y: number) => number): YantraTriangle => {
    const by = markToY((up ? SRI_YANTRA_MARKS.up : SRI_YANTRA_MARKS.down)[i]!);
    return tri(up, by, markToY((up ? SRI_YANTRA_APEX.up : SRI_YANTRA_APEX.down)[i]!), halfWidth(by));
  };
  // Half width of a triangle at height y (0 beyond its apex).
  const widthAt = (t: YantraTriangle, y: number) => {
    const [[, by], [hw], [, ay]] = t.points;
    return Math.max(0, (hw * (y - ay)) / (by - ay));
  };
  const down2 = make(false, 1, onCircle);
  const up2 = make(true, 1, onCircle);
  const downs = SRI_YANTRA_MARKS.down.map((_, i) => (i === 1 ? down2 : make(false, i, i < 2 ? onCircle : (y) => widthAt(up2, y))));
  const ups = SRI_YANTRA_MARKS.up.map((_, i) => (i === 1 ? up2 : make(true, i, i < 2 ? onCircle : (y) => widthAt(down2, y))));
  const triangles = [...downs, ...ups];
  // The bindu: the centre of the innermost (last downward) triangle.
  const inner = downs[downs.length - 1]!.points;
  const bindu: Point = [0, (inner[0][1] + inner[1][1] + inner[2][1]) / 3];
  return { triangles, bindu, petals: { inner: 8, outer: 16 } };
}

/**
 * A closed lotus petal ring: `count` petals between radii `r0` and `r1`, each petal a pair of
 * quadratic curves. Returned as [start, control, end] triples so any backend can draw them.
 */
export function lotusPetals(count: number, r0: number, r1: number): [Point, Point, Point][] {
  const out: [Point, Point, Point][] = [];
  const step = (2 * Math.PI) / count;
  const polar = (r: number, a: number): Point => [r * Math.cos(a), r * Math.sin(a)];
  for (let k = 0; k < count; k++) {
    const a0 = k * step;
    const a1 = a0 + step;
    const mid = a0 + step / 2;
    // The tip overshoots r1 a little so petals look pointed, not round.
    out.push([polar(r0, a0), polar(r1 * 1.02, a0 + step * 0.05), polar(r1, mid)]);
    out.push([polar(r1, mid), polar(r1 * 1.02, a1 - step * 0.05), polar(r0, a1)]);
  }
  return out;
}

/**
 * One ring of the mandala: a rose curve r(θ) = radius·(1 + depth·cos(petals·θ)), sampled into a
 * closed polyline of `samples` points. depth 0 is a plain circle.
 */
export function roseRing(radius: number, petals: number, depth: number, samples: number, phase = 0): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < samples; i++) {
    const a = (i / samples) * 2 * Math.PI;
    const r = radius * (1 + depth * Math.cos(petals * a + phase));
    out.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return out;
}
