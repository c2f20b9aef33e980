/** The offline ritual writer: composes a script from the hand-written section templates in
 *  resources/rituals/templates.json, weaving in the intention and focus areas and sized to the
 *  requested duration. Same request → same script (so the segment cache makes a re-run free). */
import { FOCUS_AREAS, type RitualRequest, type RitualScript, type RitualSection } from '../../contract/rituals';
import raw from '../../resources/rituals/templates.json';

export interface Templates {
  wordsPerMinute: number;
  openings: Record<'gentle' | 'direct' | 'poetic', string[]>;
  closings: Record<'gentle' | 'direct' | 'poetic' | 'sleep', string[]>;
  bridges: string[];
  sections: Record<string, string[]>;
  titles: Record<string, string>;
}

export const templates = raw as Templates;
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

export function writeOfflineScript(req: RitualRequest, t: Templates = templates): RitualScript {
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
  // each brings the total closer to the budget. Nothing repeats until every area has used all of
  // its paragraphs (only long rituals get there); each area keeps its written order (a body scan
  // goes feet to head).
  const budget = Math.max(0, targetWords - countWords(opening) - countWords(closing));
  const paras = kinds.map((k) => t.sections[k] ?? []);
  const counts = kinds.map(() => 0);
  const spoken = kinds.map(() => 0);
  let used = 0;
  for (;;) {
    const fresh = kinds.map((_, k) => k).filter((k) => counts[k]! < paras[k]!.length);
    const pool = fresh.length > 0 ? fresh : kinds.map((_, k) => k).filter((k) => paras[k]!.length > 0);
    if (pool.length === 0) break;
    const k = pool.reduce((a, b) => (spoken[b]! < spoken[a]! ? b : a));
    const w = countWords(paras[k]![counts[k]! % paras[k]!.length]!);
    if (used + w / 2 > budget) break;
    counts[k]!++;
    spoken[k]! += w;
    used += w;
  }
  const body: RitualSection[] = kinds.flatMap((kind, k) =>
    Array.from({ length: counts[k]! }, (_, i) => ({ kind, text: fill(paras[k]![i % paras[k]!.length]!), pauseAfterSec: 0 })),
  );

  const sections: RitualSection[] = [{ kind: 'opening', text: opening, pauseAfterSec: 0 }, ...mergeRuns(body, MAX_BODY), { kind: 'closing', text: closing, pauseAfterSec: 0 }];
  distributePauses(sections, targetSec);
  // A sleep ritual is named for where it ends; otherwise for where it begins.
  const titleKind = kinds.includes('sleep') ? 'sleep' : (kinds[0] ?? 'breathing');
  const title = t.titles[titleKind] ?? 'A Quiet Ritual';
  return { title, sections };
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

/** A different text for one section, offline: the next template of the same kind that the
 *  script does not already use (or the other opening/closing variant). */
export function rewriteOfflineSection(script: RitualScript, index: number, req: RitualRequest, t: Templates = templates): RitualSection {
  const section = script.sections[index];
  if (!section) throw new RangeError(`no section ${index}`);
  const phrase = intentionPhrase(req.intention);
  const pool =
    section.kind === 'opening'
      ? t.openings[req.style]
      : section.kind === 'closing'
        ? [...t.closings[req.style], ...t.closings.sleep]
        : (t.sections[section.kind] ?? t.bridges);
  const used = new Set(script.sections.map((s) => s.text));
  const options = pool.map((p) => p.replaceAll('{intention}', phrase));
  const start = Math.max(0, options.indexOf(section.text)) + 1;
  for (let k = 0; k < options.length; k++) {
    const text = options[(start + k) % options.length] as string;
    if (!used.has(text)) return { ...section, text };
  }
  return { ...section, text: options[start % options.length] ?? section.text };
}
