/**
 * What a Program means over time, as SBaGen reads a schedule: a pure function from the timeline
 * to "periods" in which every voice slot holds or moves linearly. The synthesis engine renders
 * these periods and the editor's graph plots them, so both hear and show the same thing.
 *
 * The rules are SBaGen 1.4 / SBaGen+ 12's (its `correctPeriods`), restated for Koru's types:
 *  - Each timeline entry holds its tone-set until the next entry; the schedule is a loop of
 *    CYCLE_SEC, so after the last entry comes the first again.
 *  - Between two entries a transition of `transitionSec` is centred on the change, taking at
 *    most the length of the period on either side (the earlier side as already shortened).
 *  - `slide` (`->`) instead glides from the entry's set to the next one over the whole period;
 *    a slot empty on one side takes the other side's voice at level 0.
 *  - In a transition each slot goes through silence when either mark says so (`<`, `>`), when
 *    the voice changes kind (or noise colour), or with a `-` mark when a tone changes pitch;
 *    otherwise it glides (its midpoint is the average of both ends).
 *  - A `bell` (a bowl struck once) rings when its period begins and does not carry into
 *    transitions; where a transition goes through silence it rings from the midpoint instead.
 * Quirks are kept on purpose: where SBaGen averages only the level at a transition's midpoint
 * (isochronic tones, brown and white spinning noise) the pitch jumps there too.
 */
import type { Program, Transition } from './program';
import { SLOTS, voiceSlots, type Voice } from './voice';

/** SBaGen schedules repeat every 24 hours. */
export const DAY_SEC = 24 * 3600;
/** Even with transitionSec = 0 a change takes this long, so levels never step (SBaGen's -F 0
 *  switches instantly, with a click). */
export const MIN_TRANSITION_SEC = 0.01;

/** What one slot holds at one end of a period. `carr`/`res` are SBaGen's carrier and second
 *  value: frequency and beat of a tone, width and rate of a spin, carrier and pulse rate. */
export interface SlotValue {
  voice: Voice;
  /** Voices glide only within a class (SBaGen's voice type). */
  cls: string;
  amp: number;
  carr: number;
  res: number;
  pan: number;
}
export type Slots = (SlotValue | null)[];

export interface Period {
  /** Start, seconds on the loop [0, cycle). */
  tim: number;
  v0: Slots;
  v1: Slots;
  /** The timeline entry this period belongs to (a transition: the entry it leaves). */
  entry: number;
  role: 'tone' | 'transition';
}

export interface Schedule {
  periods: Period[];
  cycle: number;
}

/** SBaGen's fade marks as numbers: 0 through silence, 1 fade, 2 hold. */
const MARK: Record<Transition, number> = { silence: 0, fade: 1, hold: 2 };

/** The class and SBaGen values of a voice. */
export function slotValue(v: Voice): SlotValue {
  const of = (cls: string, carr: number, res: number, pan = 0): SlotValue => ({ voice: v, cls, amp: v.amp, carr, res, pan });
  switch (v.kind) {
    case 'sine':
      return of('tone', v.freq, 0, v.pan);
    case 'binaural':
      return of('tone', v.carrier, v.beat);
    case 'monaural':
      return of('monaural', v.carrier, v.beat);
    case 'isochronic':
      return of('isochronic', v.carrier, v.pulse);
    case 'noise':
      return of(`noise-${v.color}`, 0, 0);
    case 'bowl':
      // Struck once: SBaGen's bell. Struck repeatedly (Koru's own): a held tone.
      return of(v.strikeEvery > 0 ? 'bowl' : 'bell', v.freq, 0);
    case 'spin':
      return of(`spin-${v.color}`, v.width, v.rate);
    case 'mix':
      return of('mix', 0, 0);
    case 'wave':
      return of(`wave:${v.shape.join(',')}`, v.carrier, v.beat);
  }
}

/** Classes where a `-` transition goes through silence when the pitch changes. */
const pitched = (cls: string) => cls === 'tone' || cls === 'monaural' || cls === 'bowl' || cls.startsWith('wave:');
/** Classes whose pitch is averaged at a transition's midpoint (SBaGen: tones, pink spin, waves). */
const averaged = (cls: string) => pitched(cls) || cls === 'spin-pink';

function slotsOf(voices: Voice[]): Slots {
  const out: Slots = Array.from({ length: SLOTS }, () => null);
  const slots = voiceSlots(voices);
  voices.forEach((v, i) => {
    const s = slots[i]!;
    if (s < SLOTS) out[s] = slotValue(v);
  });
  return out;
}

const copy = (s: Slots): Slots => s.map((v) => (v ? { ...v } : null));

/** What a class leaves out but a voice still needs (a bowl's ring). */
const staticKey = (v: Voice) => (v.kind === 'bowl' ? `${v.decay}/${v.strikeEvery}` : '');

function sameValue(a: SlotValue | null, b: SlotValue | null): boolean {
  if (!a || !b) return a === b;
  if (a.cls !== b.cls || a.amp !== b.amp || staticKey(a.voice) !== staticKey(b.voice)) return false;
  if (a.cls.startsWith('noise-') || a.cls === 'mix') return true;
  if (a.cls === 'bell') return a.carr === b.carr;
  return a.carr === b.carr && a.res === b.res && a.pan === b.pan;
}
const sameSlots = (a: Slots, b: Slots) => a.every((v, i) => sameValue(v, b[i]!));

interface Node {
  tim: number;
  v0: Slots;
  v1: Slots;
  entry: number;
  role: 'tone' | 'transition';
  /** Tone periods: their fade marks; transitions: slide or not. */
  fadeIn: number;
  fadeOut: number;
  slide: boolean;
}

/** The loop length: a day, or longer for a Koru timeline that runs past one. */
export function cycleOf(program: Program): number {
  const last = program.timeline[program.timeline.length - 1]?.at ?? 0;
  return last < DAY_SEC ? DAY_SEC : last + DAY_SEC;
}

/**
 * The periods of a (validated) program, in loop order from the one starting earliest. Before the
 * first entry (if it is after 0 s) the loop's last period plays, as SBaGen's -T does.
 */
export function buildSchedule(program: Program): Schedule {
  const C = cycleOf(program);
  const mod = (t: number) => ((t % C) + C) % C;
  const per0 = (a: number, b: number) => mod(b - a);
  const mid = (a: number, b: number) => (b < a ? (C + a + b) / 2 : (a + b) / 2) % C;
  const sets = new Map(program.sets.map((s) => [s.name, s.voices]));
  const entries = program.timeline.map((e) => ({ ...e, voices: sets.get(e.set) ?? [] }));
  const n = entries.length;

  // Tone period P_i, then the transition X_i that leaves it.
  const list: Node[] = [];
  entries.forEach((e, i) => {
    const voices = slotsOf(e.voices);
    list.push({ tim: e.at, v0: voices, v1: copy(voices), entry: i, role: 'tone', fadeIn: MARK[e.fadeIn], fadeOut: MARK[e.fadeOut], slide: false });
    const next = entries[(i + 1) % n]!;
    list.push({ tim: e.slide ? e.at : next.at, v0: [], v1: [], entry: i, role: 'transition', fadeIn: 0, fadeOut: 0, slide: e.slide });
  });
  const tone = (i: number) => list[(2 * i) % (2 * n)]!;
  const trans = (i: number) => list[(2 * i + 1) % (2 * n)]!;

  // Centre each transition on its change, as long as the periods beside it allow.
  const F = Math.max(program.transitionSec, MIN_TRANSITION_SEC);
  for (let i = 0; i < n; i++) {
    const x = trans(i);
    if (x.slide) continue;
    const after = tone(i + 1);
    const len = per0(x.tim, after.tim);
    if (len >= F) continue;
    const adj = (F - len) / 2;
    const adj0 = Math.min(adj, per0(tone(i).tim, x.tim));
    const adj1 = Math.min(adj, per0(after.tim, trans(i + 1).tim));
    x.tim = mod(x.tim - adj0);
    after.tim = mod(after.tim + adj1);
  }

  // Fill in each transition's voices, adding a midpoint where some slot passes through silence.
  const out: Node[] = [];
  for (let i = 0; i < n; i++) {
    const x = trans(i);
    const before = tone(i);
    const after = tone(i + 1);
    out.push(before, x);
    const q: Node = { tim: 0, v0: [], v1: copy(after.v0), entry: x.entry, role: 'transition', fadeIn: 0, fadeOut: 0, slide: false };
    x.v0 = copy(before.v1);
    for (let a = 0; a < SLOTS; a++) {
      if (x.v0[a]?.cls === 'bell' && !x.slide) x.v0[a] = null;
      if (q.v1[a]?.cls === 'bell' && x.slide) q.v1[a] = null;
    }
    let fo = before.fadeOut;
    let fi = after.fadeIn;
    if (x.slide) {
      fo = fi = 2;
      for (let a = 0; a < SLOTS; a++) {
        const vp = x.v0[a]!, vq = q.v1[a]!;
        if (!vp && vq && vq.cls !== 'bell') x.v0[a] = { ...vq, amp: 0 };
        else if (vp && !vq) q.v1[a] = { ...vp, amp: 0 };
      }
    }
    x.v1 = copy(x.v0);
    q.v0 = copy(q.v1);
    let midpoint = false;
    for (let a = 0; a < SLOTS; a++) {
      const vp = x.v1[a] ?? null;
      const vq = q.v0[a] ?? null;
      const silence =
        fo === 0 || fi === 0 || (vp?.cls ?? '') !== (vq?.cls ?? '') ||
        ((fo === 1 || fi === 1) && !!vp && !!vq && pitched(vp.cls) && (vp.carr !== vq.carr || vp.res !== vq.res));
      if (silence) {
        if (vp) vp.amp = 0;
        if (vq) vq.amp = 0;
        midpoint = true;
        if (vq?.cls === 'bell') {
          vq.amp = q.v1[a]!.amp;
          after.v0[a] = null;
          after.v1[a] = null;
        }
      } else if (vp?.cls === 'bell') {
        q.v0[a] = null;
        q.v1[a] = null;
      } else if (vp && vq) {
        vp.amp = vq.amp = (vp.amp + vq.amp) / 2;
        if (averaged(vp.cls)) {
          vp.carr = vq.carr = (vp.carr + vq.carr) / 2;
          vp.res = vq.res = (vp.res + vq.res) / 2;
          vp.pan = vq.pan = (vp.pan + vq.pan) / 2;
        }
      }
    }
    if (midpoint) {
      q.tim = mid(x.tim, after.tim);
      out.push(q);
    } else {
      x.v1 = copy(q.v1);
    }
  }

  // Drop periods of no length, and hand a constant period on to an identical next one.
  for (let changed = true; changed && out.length > 1; ) {
    changed = false;
    for (let k = 0; k < out.length; k++) {
      const p = out[k]!;
      const nx = out[(k + 1) % out.length]!;
      if (sameSlots(p.v0, p.v1) && sameSlots(p.v0, nx.v0) && sameSlots(p.v0, nx.v1)) nx.tim = p.tim;
      if (p.tim === nx.tim) {
        out.splice(k, 1);
        changed = true;
        break;
      }
    }
  }

  let first = 0;
  out.forEach((p, k) => {
    if (p.tim < out[first]!.tim) first = k;
  });
  const periods = [...out.slice(first), ...out.slice(0, first)].map(({ tim, v0, v1, entry, role }) => ({ tim, v0, v1, entry, role }));
  return { periods, cycle: C };
}

/** A period laid out on the session's time line: [start, end) in seconds, start may be < 0. */
export interface PlacedPeriod {
  start: number;
  end: number;
  period: Period;
}

/**
 * The periods that sound in [0, durationSec), unrolled from the loop: the first one may have
 * started before 0 (the loop's last transition leading into the first entry).
 */
export function placePeriods(schedule: Schedule, durationSec: number): PlacedPeriod[] {
  const { periods, cycle: C } = schedule;
  const len = (k: number) => {
    const d = periods[(k + 1) % periods.length]!.tim - periods[k]!.tim;
    return periods.length === 1 ? C : d > 0 ? d : d + C;
  };
  // The period holding 0 s: the last one starting at or before it, else the loop's last one.
  let k = periods.length - 1;
  for (let j = 0; j < periods.length; j++) if (periods[j]!.tim <= 0) k = j;
  let start = periods[k]!.tim <= 0 ? periods[k]!.tim : periods[k]!.tim - C;
  const out: PlacedPeriod[] = [];
  while (start < durationSec) {
    const end = start + len(k);
    if (end > 0) out.push({ start, end, period: periods[k]! });
    start = end;
    k = (k + 1) % periods.length;
  }
  return out;
}

/** A slot's value inside a placed period at time t (SBaGen's corrVal: linear, a bell holds). */
export function valueAt(p: PlacedPeriod, slot: number, t: number): SlotValue | null {
  const a = p.period.v0[slot];
  if (!a) return null;
  const b = p.period.v1[slot];
  if (a.cls === 'bell' || !b) return a;
  const f = Math.min(1, Math.max(0, (t - p.start) / (p.end - p.start)));
  const lerp = (x: number, y: number) => x + (y - x) * f;
  return { ...a, amp: lerp(a.amp, b.amp), carr: lerp(a.carr, b.carr), res: lerp(a.res, b.res), pan: lerp(a.pan, b.pan) };
}
