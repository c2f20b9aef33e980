/**
 * The offline assistant's ear: the common phrasings of the five functions, without a model.
 * Dates and times are chrono-node's (relative to now, in the profile's zone); this file finds
 * which function is meant and cuts the rest of the sentence into its arguments. Times are passed
 * on as ISO 8601 with the zone's offset, exactly as a model's text would be resolved.
 */
import * as chrono from 'chrono-node';
import type { FunctionName } from '../../contract/assistant';
import { isoInZone, offsetMinutes, wallTime } from '../goals';

export interface ParsedIntent {
  name: FunctionName;
  args: Record<string, unknown>;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, a: 1, an: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** "twenty-five minutes" → "25 minutes", "at seven" → "at 7", "half an hour" → "30 minutes". */
export function digitsFor(text: string): string {
  let t = text.replace(/\bhalf an hour\b/gi, '30 minutes').replace(/\ban hour and a half\b/gi, '90 minutes').replace(/\b(a|one) quarter of an hour\b/gi, '15 minutes');
  t = t.replace(/\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?\b/gi, (_, tens: string, unit?: string) => String(TENS[tens.toLowerCase()]! + (unit ? UNITS[unit.toLowerCase()]! : 0)));
  // Unit words only where they count something or tell the time ("a run" stays a run).
  t = t.replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b(?=\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|oclock|minutes?|mins?|hours?|days?|weeks?|months?|years?|thirty|fifteen|forty-five|\d|[.,!?]|$))/gi, (w: string) => String(UNITS[w.toLowerCase()]));
  t = t.replace(/\b(at|by|until|till|around|from)\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/gi, (_, p: string, w: string) => `${p} ${UNITS[w.toLowerCase()]}`);
  t = t.replace(/\b(an?)\s+(hour|day|week|month|year)\b/gi, '1 $2');
  return t;
}

/** "30 minutes", "1 hour" → minutes; `lasting`: only "for 30 minutes" or "a 30-minute" (a task's
 *  length, not "in 2 hours", which is its time). */
function minutesIn(text: string, lasting = false): number | null {
  const re = lasting ? /\b(?:for\s+|lasting\s+)(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?)\b|\b(\d+)-(minute|hour)\b/i : /\b(\d+(?:\.\d+)?)\s*-?\s*(minutes?|mins?|hours?|hrs?|h)\b/i;
  const m = re.exec(text);
  if (!m) return null;
  const n = Number(m[1] ?? m[3]);
  return Math.round(/^h/i.test(m[2] ?? m[4]!) ? n * 60 : n);
}

/** Parts of the day chrono leaves uncertain, at the hours people mean by them. */
const DAYPARTS: Array<[RegExp, number]> = [
  [/\bmorning\b/i, 9],
  [/\bnoon|midday\b/i, 12],
  [/\bafternoon\b/i, 15],
  [/\bevening\b/i, 19],
  [/\b(?:tonight|night)\b/i, 21],
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "on the 5th" (no month): the next 5th. chrono-node wants a month. */
function withMonth(text: string, now: Date, timeZone: string): string {
  return text.replace(/\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)(?!\s+(?:january|february|march|april|may|june|july|august|september|october|november|december))/i, (whole, d: string) => {
    const [y, m, today] = isoInZone(now.getTime(), timeZone).slice(0, 10).split('-').map(Number) as [number, number, number];
    const day = Number(d);
    if (day < 1 || day > 31) return whole;
    const month = day >= today ? m : (m % 12) + 1;
    return `${MONTHS[month - 1]} ${day}${month < m ? ` ${y + 1}` : ''}`;
  });
}

const clean = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:-]+|[\s,.;:!?-]+$/g, '')
    .replace(/^(to|that|i|we)\s+/i, '')
    .trim();
const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

interface When {
  ms: number;
  text: string;
  index: number;
}

/** The first date/time in `text`, as a wall clock in `timeZone` (chrono-node's components are
 *  right there; its own conversion to an instant ignores daylight saving): a bare day at 09:00. */
function whenIn(text: string, now: Date, timeZone: string): When | null {
  const ref = { instant: now, timezone: offsetMinutes(now.getTime(), timeZone) };
  const r = chrono.casual.parse(text, ref, { forwardDate: true })[0];
  if (!r) return null;
  let hour = r.start.get('hour') ?? 9;
  let minute = r.start.get('minute') ?? 0;
  if (!r.start.isCertain('hour')) {
    hour = DAYPARTS.find(([re]) => re.test(r.text))?.[1] ?? 9;
    minute = 0;
  }
  const ms = wallTime(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!, hour, minute, timeZone);
  return { ms, text: r.text, index: r.index };
}

/** The sentence without the time phrase (and the glue words around it). */
function withoutWhen(text: string, w: When | null): string {
  if (!w) return text;
  const before = text.slice(0, w.index).replace(/\b(on|at|for|by|in|this|next)\s*$/i, '');
  return `${before} ${text.slice(w.index + w.text.length)}`;
}

const GOAL = [
  /\b(?:i\s+(?:want|wish|hope|plan|intend|aim)\s+to|i(?:\s+would|'d)\s+(?:like|love)\s+to|i'?m\s+going\s+to|my\s+goal\s+is\s+to|goal:?|help\s+me(?:\s+to)?|i\s+need\s+to\s+finally)\s+(.+?)\s+(in|within|by|over|before|for)\s+((?:the\s+next\s+)?.+)$/i,
];
const TASK = [
  /^(?:please\s+)?remind\s+me\s+to\s+(.+)$/i,
  /^(?:please\s+)?(?:add|create|put|schedule|book|plan|set up)\s+(?:a\s+)?(?:task\s+)?(?:to\s+|for\s+)?(.+?)(?:\s+(?:to|on|in)\s+my\s+(?:list|calendar|tasks|schedule|diary))?$/i,
  /^(?:i\s+(?:have|need|must|should|ought)\s+to|i've\s+got\s+to|i\s+gotta|don't\s+let\s+me\s+forget\s+to)\s+(.+)$/i,
  /^new\s+task:?\s+(.+)$/i,
];
const RESCHEDULE = /^(?:please\s+)?(?:move|reschedule|push|shift|change|postpone|put\s+off|bring\s+forward|delay)\s+(.+?)\s+(?:to|until|till|for|by|back\s+to)\s+(.+)$/i;
const RITUAL = /\b(?:make|create|write|build|give|prepare|compose)\b.*\britual\b|\britual\s+(?:for|about)\b/i;
const SOUND = /\b(?:play|start|put\s+on|run|i\s+(?:want|need)\s+(?:some|a|to\s+hear))\b.*?\b(theta|alpha|beta|delta|gamma|sleep|focus|relax(?:ation|ing)?|calm|meditation|solfeggio|binaural|pink noise|white noise|brown noise|noise|chakra|singing bowls?|bowls?|tones?|session)\b/i;

export function parseOffline(input: string, now: Date, timeZone: string): ParsedIntent | null {
  const text = withMonth(digitsFor(input.trim().replace(/[.!]+$/, '')), now, timeZone);
  const iso = (ms: number) => isoInZone(ms, timeZone);

  if (RITUAL.test(text)) {
    const minutes = minutesIn(text) ?? 10;
    const tidy = (s: string) => clean(s.replace(/\b\d+\s*(?:-\s*)?(?:minutes?|mins?|hours?)\b(?:\s+long)?/gi, '').replace(/\b(?:of|for|lasting)\s*$/i, '').replace(/\b(?:me|a|an)\b\s*/gi, ''));
    const after = /\britual\s+(?:for|about|to\s+help\s+(?:me\s+)?(?:with)?)\s+(.+)$/i.exec(text);
    const before = /\b(?:a|an|my)\s+(.+?)\s+ritual\b/i.exec(text);
    const intention = [after?.[1], before?.[1]].map((x) => (x ? tidy(x) : '')).find((x) => x !== '') ?? '';
    return { name: 'create_ritual', args: { intention: intention || 'rest', minutes: Math.min(90, Math.max(1, minutes)) } };
  }

  const sound = SOUND.exec(text);
  if (sound && !RESCHEDULE.test(text)) {
    const preset = sound[1]!.toLowerCase();
    return { name: 'start_sound_session', args: { preset, minutes: Math.min(480, Math.max(1, minutesIn(text) ?? 20)) } };
  }

  const move = RESCHEDULE.exec(text);
  if (move) {
    const w = whenIn(move[2]!, now, timeZone);
    if (w) return { name: 'reschedule_task', args: { task: clean(move[1]!), new_time: iso(w.ms) } };
  }

  for (const re of GOAL) {
    const g = re.exec(text);
    if (g) return { name: 'submit_goal_intent', args: { goal_statement: capital(clean(g[1]!)), timeline: clean(`${g[2]!.toLowerCase() === 'in' || g[2]!.toLowerCase() === 'within' ? '' : `${g[2]} `}${g[3]}`) } };
  }

  for (const re of TASK) {
    const t = re.exec(text);
    if (!t) continue;
    const w = whenIn(text, now, timeZone);
    if (!w) continue;
    const duration = minutesIn(t[1]!, true);
    let title = withoutWhen(t[1]!, w.index >= text.indexOf(t[1]!) ? { ...w, index: w.index - text.indexOf(t[1]!) } : null);
    title = title
      .replace(/\bfor\s+\d+\s*(?:minutes?|mins?|hours?|hrs?)\b/gi, '')
      .replace(/\b\d+-(?:minute|hour)\b/gi, '')
      .replace(/\b(?:to|on|in)\s+my\s+(?:list|calendar|tasks|schedule|diary)\b/gi, '');
    title = capital(clean(title));
    if (!title) continue;
    return { name: 'create_task', args: { title, due: iso(w.ms), ...(duration ? { duration_minutes: duration } : {}) } };
  }
  return null;
}
