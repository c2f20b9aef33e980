/** The offline ritual writer: composes a script from the hand-written section templates in
 *  resources/rituals/templates.json, then from paragraphs built out of the sentence parts in
 *  resources/rituals/phrases.json, weaving in the intention and focus areas and sized to the
 *  requested duration. No paragraph repeats within a script. Same request → same script (so the
 *  segment cache makes a re-run free). */
import { FOCUS_AREAS, type RitualRequest, type RitualScript, type RitualSection } from '../../contract/rituals';
import rawPhrases from '../../resources/rituals/phrases.json';
import raw from '../../resources/rituals/templates.json';

export interface Templates {
  wordsPerMinute: number;
  openings: Record<'gentle' | 'direct' | 'poetic', string[]>;
  closings: Record<'gentle' | 'direct' | 'poetic' | 'sleep', string[]>;
  bridges: string[];
  sections: Record<string, string[]>;
  titles: Record<string, string>;
}

/** Whole sentences a paragraph is composed from: lead + step + detail + anchor. */
export interface Phrases {
  leads: string[];
  anchors: string[];
  areas: Record<string, { steps: string[]; details: string[]; anchors: string[] }>;
}

export const templates = raw as Templates;
export const phrases = rawPhrases as Phrases;
export const WORDS_PER_MINUTE = templates.wordsPerMinute;

/** Meditations breathe: the longer the ritual, the larger the share of silence. */
export function speechFraction(minutes: number): number {
  return Math.min(0.6, Math.max(0.35, 0.6 - 0.003 * minutes));
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}'’-]+/gu)?.length ?? 0;
}

/** Spoken length at the narration pace the templates are written for. */
export function estimateSpeechSec(text: string): number {
  return (countWords(text) / WORDS_PER_MINUTE) * 60;
}

/** The order sections make sense in: arrive, breathe, soften, then the heart, then sleep last. */
const CANONICAL = ['grounding', 'breathing', 'body-scan', 'relaxation', 'focus', 'visualisation', 'loving-kindness', 'gratitude', 'sleep'];

const INFER: [RegExp, string][] = [
  [/sleep|night|bed|insomnia|rest\b/i, 'sleep'],
  [/gratitude|grateful|thank/i, 'gratitude'],
  [/focus|concentrat|work|study|clarity/i, 'focus'],
  [/love|kind|compassion|forgive/i, 'loving-kindness'],
  [/stress|anx|calm|relax|tension|worry/i, 'relaxation'],
  [/ground|present|overwhelm|panic/i, 'grounding'],
  [/imagine|visuali|confiden|goal/i, 'visualisation'],
];

/** "I want to feel at peace with my body." → "to feel at peace with your body" */
export function intentionPhrase(intention: string): string {
  let s = intention.trim().replace(/[.!?…\s]+$/u, '');
  s = s.replace(/^(i\s+(really\s+)?(want|would like|'d like|wish|need|hope|intend)\s+)(to\s+)?/i, 'to ');
  const swaps: Record<string, string> = { i: 'you', me: 'you', my: 'your', mine: 'yours', myself: 'yourself', "i'm": "you're", am: 'are' };
  s = s.replace(/\b(i'm|myself|mine|my|me|i|am)\b/gi, (w) => swaps[w.toLowerCase()] ?? w);
  return s.length > 1 && s[0] !== s[0]?.toLowerCase() && s[1] === s[1]?.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Known focus areas in canonical order (inferred from the intention when none is given), and
 *  the free-text ones the templates cannot cover, which are woven into the opening instead. */
export function resolveFocus(req: Pick<RitualRequest, 'focus' | 'intention'>): { kinds: string[]; extra: string[] } {
  const known = new Set<string>(FOCUS_AREAS);
  const asked = req.focus.map((f) => f.trim().toLowerCase());
  let kinds = CANONICAL.filter((k) => asked.includes(k));
  const extra = asked.filter((f) => !known.has(f));
  if (kinds.length === 0) kinds = CANONICAL.filter((k) => INFER.some(([re, kind]) => kind === k && re.test(req.intention)));
  if (kinds.length === 0) kinds = ['breathing', 'relaxation'];
  return { kinds, extra };
}

/** FNV-1a over the request: the seed that makes the writer deterministic. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const pick = <T>(list: T[], seed: number, salt: number): T => list[(seed + salt * 7919) % list.length] as T;

export function writeOfflineScript(req: RitualRequest, t: Templates = templates, p: Phrases = phrases): RitualScript {
  const seed = seedOf(JSON.stringify([req.intention, req.minutes, req.focus, req.style]));
  const { kinds, extra } = resolveFocus(req);
  const phrase = intentionPhrase(req.intention);
  const fill = (text: string) => text.replaceAll('{intention}', phrase);
  const targetSec = req.minutes * 60;
  const targetWords = Math.round((targetSec / 60) * speechFraction(req.minutes) * t.wordsPerMinute);

  let opening = fill(pick(t.openings[req.style], seed, 1));
  if (extra.length > 0) opening += ` Along the way, keep a gentle awareness of ${joinList(extra)}.`;
  const closing = fill(pick(kinds.includes('sleep') ? t.closings.sleep : t.closings[req.style], seed, 2));

  // Paragraphs are handed out one at a time to the focus area that has spoken least so far, while
  // each brings the total closer to the budget. Each area speaks its hand-written paragraphs
  // first (in their written order: a body scan goes feet to head), then composed ones; none is
  // ever said twice.
  const budget = Math.max(0, targetWords - countWords(opening) - countWords(closing));
  const used = new Set([opening, closing]);
  const sources = kinds.map((kind) => paragraphs(kind, seed, t, p, fill, used));
  const chosen: string[][] = kinds.map(() => []);
  const spoken = kinds.map(() => 0);
  const next = kinds.map((_, k) => sources[k]!.next());
  let total = 0;
  for (;;) {
    const pool = kinds.map((_, k) => k).filter((k) => !next[k]!.done);
    if (pool.length === 0) break;
    const k = pool.reduce((a, b) => (spoken[b]! < spoken[a]! ? b : a));
    const text = next[k]!.value as string;
    const w = countWords(text);
    if (total + w / 2 > budget) break;
    chosen[k]!.push(text);
    spoken[k]! += w;
    total += w;
    next[k] = sources[k]!.next();
  }
  const body: RitualSection[] = kinds.flatMap((kind, k) => chosen[k]!.map((text) => ({ kind, text, pauseAfterSec: 0 })));

  const sections: RitualSection[] = [{ kind: 'opening', text: opening, pauseAfterSec: 0 }, ...mergeRuns(body, MAX_BODY), { kind: 'closing', text: closing, pauseAfterSec: 0 }];
  distributePauses(sections, targetSec);
  // A sleep ritual is named for where it ends; otherwise for where it begins.
  const titleKind = kinds.includes('sleep') ? 'sleep' : (kinds[0] ?? 'breathing');
  const title = t.titles[titleKind] ?? 'A Quiet Ritual';
  return { title, sections };
}

/** Every paragraph a focus area can say, in order, skipping (and adding to) `used`: the
 *  hand-written ones, then compositions of one lead, step, detail and anchor. Steps advance
 *  every paragraph (in written order for the body scan), the detail shifts by one more each
 *  time the steps come round, so the first steps×details compositions all pair differently;
 *  leads and anchors turn at other rates. The seed picks where each rotation starts. */
function* paragraphs(kind: string, seed: number, t: Templates, p: Phrases, fill: (s: string) => string, used: Set<string>): Generator<string> {
  const offer = (text: string) => (used.has(text) ? false : (used.add(text), true));
  for (const text of t.sections[kind] ?? []) if (offer(fill(text))) yield fill(text);
  const area = p.areas[kind];
  if (!area || area.steps.length === 0 || area.details.length === 0) return;
  const anchors = [...area.anchors, ...p.anchors];
  const { steps, details } = area;
  const s0 = kind === 'body-scan' ? 0 : seed % steps.length;
  const d0 = (seed >>> 5) % details.length;
  const l0 = (seed >>> 10) % Math.max(1, p.leads.length);
  const a0 = (seed >>> 15) % anchors.length;
  const limit = steps.length * details.length * Math.max(1, p.leads.length);
  for (let j = 0; j < limit; j++) {
    const round = Math.floor(j / steps.length);
    const lead = p.leads.length ? p.leads[(l0 + j * 5 + Math.floor(j / (steps.length * details.length))) % p.leads.length] : undefined;
    const parts = [lead, steps[(s0 + j) % steps.length], details[(d0 + j + round) % details.length], anchors[(a0 + j * 7) % anchors.length]];
    const text = fill(parts.filter(Boolean).join(' '));
    if (offer(text)) yield text;
  }
}

/** Scripts hold at most 80 sections: a very long ritual speaks two or three paragraphs of the
 *  same kind together before each silence instead. */
const MAX_BODY = 70;
function mergeRuns(body: RitualSection[], max: number): RitualSection[] {
  const group = Math.ceil(body.length / max);
  if (group <= 1) return body;
  const out: RitualSection[] = [];
  let run = 0;
  for (const s of body) {
    const last = out.at(-1);
    if (last && last.kind === s.kind && run < group) {
      last.text += ` ${s.text}`;
      run++;
    } else {
      out.push({ ...s });
      run = 1;
    }
  }
  return out;
}

/** Spread the silence left after speech across the section ends (the closing keeps a short
 *  tail), so speech + pauses ≈ the requested duration. Mutates `sections`. */
export function distributePauses(sections: RitualSection[], targetSec: number): void {
  const speech = sections.reduce((s, x) => s + estimateSpeechSec(x.text), 0);
  const TAIL = 4;
  const MIN = 2;
  const gaps = sections.length - 1;
  const each = gaps > 0 ? Math.max(MIN, (targetSec - speech - TAIL) / gaps) : 0;
  sections.forEach((s, i) => {
    s.pauseAfterSec = i === sections.length - 1 ? TAIL : Math.min(600, Math.round(each * 10) / 10);
  });
}

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** A different text for one section, offline: the next paragraph of the same kind that the
 *  script does not already use (or the other opening/closing variant). */
export function rewriteOfflineSection(script: RitualScript, index: number, req: RitualRequest, t: Templates = templates, p: Phrases = phrases): RitualSection {
  const section = script.sections[index];
  if (!section) throw new RangeError(`no section ${index}`);
  const phrase = intentionPhrase(req.intention);
  const fill = (text: string) => text.replaceAll('{intention}', phrase);
  const used = new Set(script.sections.map((s) => s.text));
  if (section.kind !== 'opening' && section.kind !== 'closing' && (t.sections[section.kind] || p.areas[section.kind])) {
    // Any paragraph of this kind the script does not say yet (the generator skips used ones).
    const seed = seedOf(JSON.stringify([req.intention, req.minutes, req.focus, req.style]));
    const fresh = paragraphs(section.kind, seed, t, p, fill, used).next();
    if (!fresh.done) return { ...section, text: fresh.value };
  }
  const pool =
    section.kind === 'opening'
      ? t.openings[req.style]
      : section.kind === 'closing'
        ? [...t.closings[req.style], ...t.closings.sleep]
        : (t.sections[section.kind] ?? t.bridges);
  const options = pool.map(fill);
  const start = Math.max(0, options.indexOf(section.text)) + 1;
  for (let k = 0; k < options.length; k++) {
    const text = options[(start + k) % options.length] as string;
    if (!used.has(text)) return { ...section, text };
  }
  return { ...section, text: options[start % options.length] ?? section.text };
}
