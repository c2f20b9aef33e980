import type { z } from 'zod';

/**
 * The one place zod issues become words, for main (error replies, logs) and the renderer (forms,
 * toasts) alike. People read "Amplitude of voice 2 in tone-set 1 must be at most 1", never
 * `program.sets.0.voices.1.amp: Too big: expected number to be <=1`.
 */

export type Issue = z.core.$ZodIssue;
export type IssuePath = readonly PropertyKey[];

/** Serialisable form of an issue for `error.details`: the machine path (a form maps it back to
 *  its field) and the plain message for that field. */
export interface IssueNote {
  path: string;
  message: string;
}

/** Names an item of a list in plain words (e.g. the tone-set's own name instead of its number). */
export type ItemNamer = (list: string, index: number, path: IssuePath) => string | undefined;

export interface FormatOptions {
  /** Better names for list items, e.g. a form that knows each tone-set's name. */
  itemName?: ItemNamer;
  /** How many issues the message spells out before "and N more problems" (default 3). */
  maxShown?: number;
}

/** Field names as people know them; keys not listed are spelt out from their camelCase. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  amp: 'Amplitude',
  freq: 'Frequency',
  carrier: 'Carrier frequency',
  beat: 'Beat rate',
  pulse: 'Pulse rate',
  pan: 'Pan',
  color: 'Noise colour',
  strikeEvery: 'Strike interval',
  decay: 'Decay time',
  kind: 'Type',
  durationSec: 'Duration',
  transitionSec: 'Transition length',
  at: 'Start time',
  set: 'Tone-set',
  fadeIn: 'Fade in',
  fadeOut: 'Fade out',
  fadeSec: 'Fade length',
  text: 'Text',
  minutes: 'Length in minutes',
  focus: 'Focus areas',
  writer: 'Script writer',
  bed: 'Tone bed',
  key: 'API key',
  index: 'Section number',
  query: 'Search text',
  limit: 'Page size',
  baseUrl: 'Endpoint URL',
  concurrency: 'Concurrent requests',
  outputDevice: 'Output device',
  maxVolume: 'Maximum volume',
  path: 'Port',
  baudRate: 'Baud rate',
  rampPercentPerSec: 'Ramp speed',
  rampTo: 'Ramp target',
  powerOn: 'Power on',
  sessionId: 'Session',
  id: 'Identifier',
  file: 'File',
  fileId: 'File',
  openai: 'OpenAI',
  elevenlabs: 'ElevenLabs',
  gemini: 'Gemini',
  anthropic: 'Anthropic',
  offline: 'Offline voice',
};

/** Lists whose items get a noun of their own ("voice 2", not "item 2 of Voices"). */
const ITEM_NOUNS: Readonly<Record<string, string>> = {
  sets: 'tone-set',
  voices: 'voice',
  timeline: 'timeline row',
  tags: 'tag',
  focus: 'focus area',
  sections: 'section',
  speechOrder: 'speech provider',
};

/** Wrappers that add nothing a person needs to hear. */
const TRANSPARENT = new Set(['program', 'draft', 'request', 'input']);

function spelt(key: string): string {
  const label = FIELD_LABELS[key];
  if (label) return label;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Where an issue is, in words: ['program','sets',0,'voices',1,'amp'] → "Amplitude of voice 2 in
 * tone-set 1"; ['tags', 3] → "Tag 4"; [] → "The request".
 */
export function fieldName(path: IssuePath, options: FormatOptions = {}): string {
  const parts: string[] = [];
  let leaf: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (typeof key === 'number') continue; // consumed with its list below
    const name = String(key);
    if (typeof next === 'number') {
      const noun = ITEM_NOUNS[name] ?? `item of ${spelt(name).toLowerCase()}`;
      const named = options.itemName?.(name, next, path.slice(0, i + 2));
      parts.push(named ?? `${noun} ${next + 1}`);
      continue;
    }
    if (i === path.length - 1) leaf = spelt(name);
    else if (!TRANSPARENT.has(name)) parts.push(spelt(name));
  }
  // Innermost first: "Amplitude of voice 2 in tone-set 1".
  const containers = parts.reverse();
  if (leaf === null) {
    const [first, ...rest] = containers;
    if (first === undefined) return 'The request';
    return [capital(first), ...rest].join(' in ');
  }
  return containers.length ? `${leaf} of ${containers.join(' in ')}` : leaf;
}

/** zod's own wording (not a message the contract wrote itself). */
function isDefaultMessage(message: string): boolean {
  return /^(Too (big|small)|Invalid|Unrecognized key|Expected )/.test(message);
}

const listOf = (values: readonly unknown[]) => {
  const shown = values.slice(0, 6).map((v) => (typeof v === 'string' ? `“${v}”` : String(v)));
  return values.length > 6 ? `${shown.join(', ')}, …` : shown.join(', ');
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of fields',
};

/** What is wrong, as a predicate that follows the field's name: "must be at most 1". */
function predicate(issue: Issue): string {
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `may be at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `may have at most ${max} ${max === 1 ? 'item' : 'items'}`;
      if (issue.origin === 'file') return `may be at most ${max} bytes`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'is required' : `needs at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'needs at least one item' : `needs at least ${min} items`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return 'is required';
      if (issue.expected === 'number' && /received NaN/.test(issue.message)) return 'must be a number';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${listOf(issue.values)}` : `must be one of ${listOf(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options?.length ? `must be one of ${listOf(options)}` : 'is not in a form Koru understands';
    }
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} Koru does not know: ${listOf(issue.keys)}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a web address (http:// or https://)';
      if (issue.format === 'regex') return 'contains characters that are not allowed';
      return `is not a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'contains something Koru cannot use';
    default:
      return 'is not valid';
  }
}

/**
 * The message for one field, to show next to it: the contract's own wording where it wrote one
 * ("a name is required"), else a short phrase ("must be at most 20000", "enter a number").
 */
export function fieldMessage(issue: Issue): string {
  if (!isDefaultMessage(issue.message)) return issue.message;
  const p = predicate(issue);
  if (issue.code === 'invalid_type' && issue.expected === 'number' && p !== 'is required') return 'enter a number';
  if (p === 'is required') return 'required';
  return p.replace(/^(may be|must be|may have|needs) /, (m) => (m === 'may be ' || m === 'may have ' ? '' : m));
}

/** One issue as a sentence: "Amplitude of voice 2 in tone-set 1 must be at most 1." */
export function describeIssue(issue: Issue, options: FormatOptions = {}): string {
  const where = fieldName(issue.path, options);
  if (!isDefaultMessage(issue.message)) {
    // The contract's own words already say what is wrong; add where, unless it is a top field.
    const own = capital(issue.message.replace(/\.$/, ''));
    return issue.path.length > 1 ? `${own} (${where.charAt(0).toLowerCase()}${where.slice(1)}).` : `${own}.`;
  }
  return `${where} ${predicate(issue)}.`;
}

function issuesFrom(source: z.ZodError | readonly Issue[]): readonly Issue[] {
  return Array.isArray(source) ? source : (source as z.ZodError).issues;
}

/** How many notes travel in `details`: a hostile input can produce thousands of issues. */
const MAX_NOTES = 20;

/**
 * Every issue of a failed parse as one plain message (the first few spelt out) and compact notes
 * for `error.details`.
 */
export function formatIssues(source: z.ZodError | readonly Issue[], options: FormatOptions = {}): { message: string; details: IssueNote[] } {
  const issues = issuesFrom(source);
  const shown = options.maxShown ?? 3;
  const sentences = issues.slice(0, shown).map((i) => describeIssue(i, options));
  const more = issues.length - sentences.length;
  if (more > 0) sentences.push(`And ${more} more ${more === 1 ? 'problem' : 'problems'}.`);
  return {
    message: sentences.join(' ') || 'Something in the request is not valid.',
    details: issues.slice(0, MAX_NOTES).map((i) => ({ path: i.path.map(String).join('.'), message: fieldMessage(i) })),
  };
}

/** The message alone, for places that only need the words (a thrown error, a log line). */
export function issuesMessage(source: z.ZodError | readonly Issue[], options: FormatOptions = {}): string {
  return formatIssues(source, options).message;
}

/** zod's own phrasing (a message that slipped through unformatted) as a predicate. */
const ZOD_WORDING: readonly [RegExp, (...m: string[]) => string][] = [
  [/^Too big: expected (?:string|array|set) to have <=?\s*(\d+(?:\.\d+)?) (\w+)$/i, (n, unit) => `may be at most ${n} ${unit}`],
  [/^Too small: expected (?:string|array|set) to have >=?\s*(\d+(?:\.\d+)?) (\w+)$/i, (n, unit) => `needs at least ${n} ${unit}`],
  [/^Too big: expected \w+ to be <=\s*(-?\d+(?:\.\d+)?)$/i, (n) => `must be at most ${n}`],
  [/^Too big: expected \w+ to be <\s*(-?\d+(?:\.\d+)?)$/i, (n) => `must be less than ${n}`],
  [/^Too small: expected \w+ to be >=\s*(-?\d+(?:\.\d+)?)$/i, (n) => `must be at least ${n}`],
  [/^Too small: expected \w+ to be >\s*(-?\d+(?:\.\d+)?)$/i, (n) => `must be more than ${n}`],
  [/^Invalid input: expected (\w+), received undefined$/i, () => 'is required'],
  [/^Invalid input: expected (\w+), received \w+$/i, (t) => `must be ${TYPE_WORDS[t] ?? t}`],
];

function plainWording(text: string): string {
  const t = text.trim().replace(/^✖\s*/, '');
  for (const [re, say] of ZOD_WORDING) {
    const m = re.exec(t);
    if (m) return say(...m.slice(1));
  }
  return t;
}

/** "sets.0.voices.1.amp" or "sets[0].voices[1].amp" → ['sets', 0, 'voices', 1, 'amp']. */
function parsePath(text: string): PropertyKey[] {
  return text
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

const KNOWN_KEYS = new Set([...Object.keys(FIELD_LABELS), ...Object.keys(ITEM_NOUNS), ...TRANSPARENT]);
const NOUN_LISTS = new Map(Object.entries(ITEM_NOUNS).map(([list, noun]) => [noun, list]));

/** "voice 2 › amp" → "Voice 2: Amplitude"; "tone-set 1 › voice 2 › amp" → "Tone-set 1, voice 2: Amplitude". */
function plainTrail(trail: string): string {
  const parts = trail.split(/\s*›\s*/);
  const leaf = parts.pop() ?? '';
  const leafName = /\s\d+$/.test(leaf) ? capital(leaf) : fieldName([leaf]);
  const containers = parts.map((p) => {
    const m = /^(.*\S)\s+(\d+)$/.exec(p);
    return m && NOUN_LISTS.has(m[1]!.toLowerCase()) ? `${m[1]!.toLowerCase()} ${m[2]}` : fieldName([p]).toLowerCase();
  });
  return containers.length ? `${capital(containers.join(', '))}: ${leafName}` : leafName;
}

const PATH = String.raw`[A-Za-z_]\w*(?:\[\d+\]|\.(?:\d+|[A-Za-z_]\w*))+`;
const LEADING_PATH = new RegExp(`^(${PATH}|[A-Za-z_]\\w*):\\s*`);
const PRETTY = new RegExp(`✖ ([^\\n]+)\\n\\s*→ at (${PATH}|[A-Za-z_]\\w*)`, 'g');
const AT_PATH = new RegExp(`\\s*→ at (${PATH}|[A-Za-z_]\\w*)`, 'g');
const TRAIL = /[\p{L}][\p{L}-]*(?: \d+)?(?:\s+›\s+[\p{L}][\p{L}-]*(?: \d+)?)+/gu;

/**
 * A message that still carries machine paths (a zod error's JSON or its `→ at a.b.0` lines, a
 * `field.path: …` prefix, a `voice 2 › amp` trail) in plain words. Messages already written for
 * people pass through unchanged.
 */
export function plainPaths(message: string): string {
  const text = message.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.length && parsed.every((i) => i && typeof i === 'object' && Array.isArray((i as Issue).path) && typeof (i as Issue).message === 'string')) {
        return issuesMessage(parsed as Issue[]);
      }
    } catch {
      // not JSON: words after all
    }
  }
  // z.prettifyError: "✖ Too big: …\n  → at sets[0].amp", one pair per issue.
  let out = text.replace(PRETTY, (_m, said: string, at: string) => `${fieldName(parsePath(at))} ${plainWording(said)}.`);
  const lead = LEADING_PATH.exec(out);
  const path = lead ? parsePath(lead[1]!) : [];
  const rest = lead ? out.slice(lead[0].length).split('\n') : [];
  const first = rest[0] ?? '';
  // Only what is surely a field path ("Calm.mp3: …" is a file name, "Port: …" may be words).
  const zodSaid = plainWording(first) !== first.trim();
  const sure = path.some((k) => typeof k === 'number') || (KNOWN_KEYS.has(String(path[0])) && path.length > 1) || (zodSaid && /^[a-z]/.test(String(path[0])));
  if (lead && sure) out = [`${fieldName(path)} ${plainWording(first)}`, ...rest.slice(1)].join('\n');
  out = out.replace(AT_PATH, (_m, path: string) => ` (${fieldName(parsePath(path)).toLowerCase()})`);
  out = out.replace(TRAIL, (trail) => plainTrail(trail));
  return out
    .split('\n')
    .map((line) => {
      const said = plainWording(line);
      return said !== line.trim() && /^[a-z]/.test(said) ? `A value ${said}.` : said;
    })
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
