import { issuesMessage } from '../../../contract/issues';
import { Voice } from '../../../contract/voice';
import { quote, readNumber, sbgError, tokenize, type SbgLocation, type Token } from './lex';

/** SBaGen's N_CH: a tone-set holds at most 16 tone specs. */
export const MAX_SPECS = 16;

/** Prefixes of SBaGen / SBaGen+ voices Koru has no synthesis for. */
const SPIN_PREFIXES = new Set(['spin', 'bspin', 'wspin', 'mixspin', 'mixpulse']);
/** SBaGen+ per-tone waveforms; only `sine:` (the default) maps onto Koru's voices. */
const WAVEFORMS = new Set(['square', 'triangle', 'sawtooth']);

/** Builds a located error for a position inside one token. */
type At = (offset: number) => SbgLocation;

/**
 * One tone spec (`200+10/20`, `pink/40`, `300@10/10`, `bell+146/30`, `400/20`, `-`) into Koru
 * voices: usually one, none for `-` (channel not in use), two for a binaural Koru's binaural
 * voice cannot hold. Amplitudes are SBaGen's 0–100 scale.
 */
export function parseToneToken(text: string, at: At, warn: (message: string) => void = () => {}): Voice[] {
  if (text === '-') return [];
  const fail = (offset: number, message: string): never => {
    throw sbgError(at(offset), message);
  };
  let pos = 0;

  // Waveform / effect prefixes: `sine:` is what Koru plays anyway, everything else is refused.
  for (let m = /^([A-Za-z]+\d*):/.exec(text); m; m = /^([A-Za-z]+\d*):/.exec(text.slice(pos))) {
    const prefix = m[1]!;
    if (prefix === 'sine') {
      pos += m[0].length;
      continue;
    }
    if (SPIN_PREFIXES.has(prefix)) fail(pos, `"${prefix}:" voices are not supported`);
    if (WAVEFORMS.has(prefix)) fail(pos, `"${prefix}:" waveforms are not supported (only sine)`);
    if (/^wave\d+$/.test(prefix)) fail(pos, `user-defined waveforms ("${prefix}:") are not supported`);
    fail(pos, `unknown tone prefix "${prefix}:"`);
  }
  const body = text.slice(pos);
  if (body === '') fail(pos, `missing tone spec after ${quote(text.slice(0, pos))}`);

  const num = (what: string): number => {
    const n = readNumber(text, pos);
    if (!n) {
      const found = pos < text.length ? `found ${quote(text.slice(pos))}` : 'the spec ends';
      return fail(pos, `bad number: expected ${what} but ${found}`);
    }
    pos = n.end;
    return n.value;
  };
  const amplitude = (): number => {
    if (text[pos] !== '/') {
      const found = pos < text.length ? `found ${quote(text.slice(pos))}` : 'the spec ends';
      fail(pos, `expected "/" and an amplitude but ${found}`);
    }
    pos++;
    const ampPos = pos;
    const amp = num('an amplitude (0-100)');
    if (amp > 100) fail(ampPos, `amplitude ${amp} is above 100`);
    if (pos < text.length) fail(pos, `unexpected ${quote(text.slice(pos))} after the amplitude`);
    return amp / 100;
  };
  const freq = (value: number, offset: number, what: string): number => {
    if (!(value > 0)) fail(offset, `${what} must be above 0 Hz`);
    if (value > 20000) fail(offset, `${what} ${value} Hz is above 20000 Hz`);
    return value;
  };

  const noise = /^(pink|white|brown)\//.exec(body);
  if (noise) {
    pos += noise[1]!.length;
    return [checked({ kind: 'noise', color: noise[1] as 'pink' | 'white' | 'brown', amp: amplitude() }, fail)];
  }
  if (/^mix\//.test(body)) {
    fail(pos, '"mix/" is not supported: Koru has no soundtrack input (SBaGen\'s -m file)');
  }
  if (body.startsWith('bell')) {
    pos += 4;
    // SBaGen reads `bell%lf`, so `bell-4000` is a bell too: a negative frequency only flips phase.
    if (text[pos] === '+' || text[pos] === '-') pos++;
    const fPos = pos;
    const f = freq(num('a bell frequency'), fPos, 'bell frequency');
    // SBaGen's bell pings once when its tone-set begins: a bowl struck once.
    return [checked({ kind: 'bowl', freq: f, amp: amplitude(), strikeEvery: 0 }, fail)];
  }
  if (!/^[\d.]/.test(body)) {
    fail(pos, `unrecognised tone spec ${quote(body)} (expected e.g. 200+10/20, pink/40, 300@10/10, bell+146/30 or -)`);
  }

  const carrierPos = pos;
  const rawCarrier = num('a carrier frequency');
  const op = text[pos];
  let rate = 0;
  let ratePos = pos + 1;
  if (op === '@' || op === '+' || op === '-') {
    pos++;
    ratePos = pos;
    rate = num(op === '@' ? 'a pulse rate' : 'a beat frequency');
  } else if (op !== '/') {
    const found = op === undefined ? 'the spec ends' : `found ${quote(text.slice(pos))}`;
    fail(pos, `expected "+", "-", "@" or "/" after the carrier but ${found}`);
  }
  const amp = amplitude();
  // `0+0/0` placeholders (written to keep SBaGen's channel slots aligned) are silent: skip them.
  if (rawCarrier === 0 && amp === 0) return [];
  const carrier = freq(rawCarrier, carrierPos, 'carrier');

  if (op === '/') return [checked({ kind: 'sine', freq: carrier, amp, pan: 0 }, fail)];
  if (op === '@') {
    if (!(rate > 0) || rate > 100) fail(ratePos, `pulse rate ${rate} Hz must be above 0 and at most 100`);
    return [checked({ kind: 'isochronic', carrier, pulse: rate, amp }, fail)];
  }
  const beat = op === '-' ? -rate : rate;
  if (rate <= 100 && rate / 2 < carrier) return [checked({ kind: 'binaural', carrier, beat, amp }, fail)];
  // Too wide for a beat (SBaGen plays it anyway): the same two tones as a sine in each ear.
  // A negative frequency sounds as its mirror image; 0 Hz is silence.
  const left = Math.abs(carrier + beat / 2);
  const right = Math.abs(carrier - beat / 2);
  if (left > 20000 || right > 20000) fail(ratePos, `beat ${rate} Hz puts a tone above 20000 Hz`);
  warn(`${quote(text)}: a ${rate} Hz beat is too wide for a binaural voice; imported as ${left} Hz left and ${right} Hz right sines`);
  return [
    ...(left > 0 ? [checked({ kind: 'sine', freq: left, amp, pan: -1 }, fail)] : []),
    ...(right > 0 ? [checked({ kind: 'sine', freq: right, amp, pan: 1 }, fail)] : []),
  ];
}

/** Run the contract's schema so defaults are filled and nothing out of range slips through. */
function checked(voice: unknown, fail: (offset: number, message: string) => never): Voice {
  const r = Voice.safeParse(voice);
  if (!r.success) return fail(0, `invalid tone: ${issuesMessage(r.error)}`);
  return r.data;
}

/** Parse the specs of one tone-set (tokens already located on a line). */
export function parseToneTokens(
  tokens: Token[],
  loc: (tok: Token, offset: number) => SbgLocation,
  warn?: (message: string) => void,
): Voice[] {
  if (tokens.length > MAX_SPECS) {
    const extra = tokens[MAX_SPECS]!;
    throw sbgError(loc(extra, 0), `a tone-set holds at most ${MAX_SPECS} tone specs`);
  }
  const voices: Voice[] = [];
  for (const tok of tokens) {
    voices.push(...parseToneToken(tok.text, (offset) => loc(tok, offset), warn));
    if (voices.length > MAX_SPECS) throw sbgError(loc(tok, 0), `more than ${MAX_SPECS} voices in one tone-set`);
  }
  return voices;
}

/**
 * Immediate specs as on SBaGen's command line (`-i "pink/40 200+10/20"`): whitespace-separated
 * tone specs into voices. Errors name the column inside `spec`.
 */
export function parseToneSpec(spec: string): Voice[] {
  if (typeof spec !== 'string') throw sbgError({ column: 1, text: String(spec) }, 'tone specs must be a string');
  const tokens = tokenize(spec);
  if (tokens.length === 0) throw sbgError({ column: 1, text: spec }, 'no tone specs given');
  return parseToneTokens(tokens, (tok, offset) => ({ column: tok.col + offset, text: spec }));
}
