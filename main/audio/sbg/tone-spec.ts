import { issuesMessage } from '../../../contract/issues';
import { MAX_TONE_HZ, SLOTS, Voice } from '../../../contract/voice';
import { quote, readNumber, sbgError, tokenize, type SbgLocation, type Token } from './lex';

/** SBaGen's N_CH: a tone-set holds at most 16 tone specs. */
export const MAX_SPECS = SLOTS;

/** SBaGen+ spinning noise prefixes and the noise each spins. */
const SPINS = { spin: 'pink', bspin: 'brown', wspin: 'white' } as const;
/** SBaGen+ voices that spin or pulse the mix input, which no corpus file uses. */
const MIX_EFFECTS = new Set(['mixspin', 'mixpulse', 'mixbeat']);
/** SBaGen+ per-tone waveforms; only `sine:` (the default) maps onto Koru's voices. */
const WAVEFORMS = new Set(['square', 'triangle', 'sawtooth']);

/** Builds a located error for a position inside one token. */
type At = (offset: number) => SbgLocation;

/** What a spec needs from the rest of the file: its custom waveforms (`waveNN:` lines). */
export interface SpecContext {
  waves: Map<number, number[]>;
}
const NO_WAVES: SpecContext = { waves: new Map() };

/** A voice as written, its level still SBaGen's (a fraction that may exceed 1 before a
 *  tone-set's total is normalised). */
export type RawVoice = { [K in Voice['kind']]: Omit<Extract<Voice, { kind: K }>, 'amp' | 'slot'> & { amp: number } }[Voice['kind']];

/**
 * One tone spec (`200+10/20`, `pink/40`, `300@10/10`, `bell+146/30`, `spin:200+4/30`,
 * `wave00:200+4/30`, `mix/80`, `400/20`) into one voice; `-` (the channel left unused) into
 * null. Amplitudes are SBaGen's 0–100 scale.
 */
export function parseToneToken(text: string, at: At, ctx: SpecContext = NO_WAVES): RawVoice | null {
  if (text === '-') return null;
  const fail = (offset: number, message: string): never => {
    throw sbgError(at(offset), message);
  };
  let pos = 0;
  let spin: (typeof SPINS)[keyof typeof SPINS] | null = null;
  let wave: number[] | null = null;
  for (let m = /^([A-Za-z]+\d*):/.exec(text); m; m = /^([A-Za-z]+\d*):/.exec(text.slice(pos))) {
    const prefix = m[1]!;
    if (prefix === 'sine') {
      pos += m[0].length;
      continue;
    }
    if (prefix in SPINS && !spin) {
      spin = SPINS[prefix as keyof typeof SPINS];
      pos += m[0].length;
      continue;
    }
    const w = /^wave(\d+)$/.exec(prefix);
    if (w && !wave && !spin) {
      const n = Number(w[1]);
      if (n > 99) fail(pos, `only wave00 to wave99 exist, not "${prefix}:"`);
      wave = ctx.waves.get(n) ?? fail(pos, `waveform "wave${String(n).padStart(2, '0')}" is used before it is defined`);
      pos += m[0].length;
      continue;
    }
    if (MIX_EFFECTS.has(prefix)) fail(pos, `"${prefix}:" voices are not supported (only mix/ levels)`);
    if (WAVEFORMS.has(prefix)) fail(pos, `"${prefix}:" waveforms are not supported (only sine and waveNN)`);
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
  const signed = (what: string): number => {
    const sign = text[pos] === '-' ? -1 : 1;
    if (text[pos] === '+' || text[pos] === '-') pos++;
    return sign * num(what);
  };
  const amplitude = (): number => {
    if (text[pos] !== '/') {
      const found = pos < text.length ? `found ${quote(text.slice(pos))}` : 'the spec ends';
      fail(pos, `expected "/" and an amplitude but ${found}`);
    }
    pos++;
    const from = pos;
    num('an amplitude (0-100)');
    if (pos < text.length) fail(pos, `unexpected ${quote(text.slice(pos))} after the amplitude`);
    // Move the decimal point rather than divide: "54.54…" reads back as exactly the level
    // Koru wrote (see export.ts), and 30 is 0.3 either way.
    return Number(`${text.slice(from, pos)}e-2`);
  };
  const freq = (value: number, offset: number, what: string): number => {
    if (Math.abs(value) > MAX_TONE_HZ) fail(offset, `${what} ${value} Hz is above ${MAX_TONE_HZ} Hz`);
    return value;
  };

  if (spin) {
    const width = signed('a spin width (µs)');
    const rate = signed('a spin rate');
    return { kind: 'spin', color: spin, width, rate, amp: amplitude() };
  }
  const noise = /^(pink|white|brown)\//.exec(body);
  if (noise && !wave) {
    pos += noise[1]!.length;
    return { kind: 'noise', color: noise[1] as 'pink' | 'white' | 'brown', amp: amplitude() };
  }
  if (/^mix\//.test(body) && !wave) {
    pos += 3;
    return { kind: 'mix', amp: amplitude() };
  }
  if (body.startsWith('bell') && !wave) {
    pos += 4;
    // SBaGen reads `bell%lf`, so `bell-4000` is a bell too: a negative frequency only flips phase.
    const fPos = pos;
    const f = Math.abs(freq(signed('a bell frequency'), fPos, 'bell frequency'));
    if (!(f > 0)) fail(fPos, 'bell frequency must be above 0 Hz');
    // SBaGen's bell pings once when its period begins and dies away in about 4 s.
    return { kind: 'bowl', freq: f, amp: amplitude(), strikeEvery: 0, decay: BELL_DECAY_SEC };
  }
  if (!/^[\d.]/.test(body)) {
    fail(pos, `unrecognised tone spec ${quote(body)} (expected e.g. 200+10/20, pink/40, 300@10/10, bell+146/30 or -)`);
  }
  const carrierPos = pos;
  const carrier = freq(num('a carrier frequency'), carrierPos, 'carrier');
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
  if (op === '@') {
    if (wave) fail(ratePos - 1, 'a custom waveform takes a beat ("+" or "-"), not a pulse');
    if (!(carrier > 0)) fail(carrierPos, 'carrier must be above 0 Hz');
    if (!(rate > 0) || rate > 100) fail(ratePos, `pulse rate ${rate} Hz must be above 0 and at most 100`);
    return { kind: 'isochronic', carrier, pulse: rate, amp };
  }
  const beat = op === '-' ? -rate : rate;
  if (carrier + Math.abs(beat) / 2 > MAX_TONE_HZ) fail(ratePos, `beat ${rate} Hz puts a tone above ${MAX_TONE_HZ} Hz`);
  if (wave) return { kind: 'wave', shape: wave, carrier, beat, amp };
  // A plain tone is a sine; with no frequency (SBaGen's `0+0/0` slot keepers) it can only be
  // a binaural voice at 0 Hz, which a slide may sweep up from.
  if (op === '/' && carrier > 0) return { kind: 'sine', freq: carrier, amp, pan: 0 };
  return { kind: 'binaural', carrier, beat, amp };
}

/** SBaGen's bell loses a twelfth of its level every 50 ms: about 4 s to fall 60 dB. */
export const BELL_DECAY_SEC = 4;

export interface ToneSetOptions {
  /** SBaGen's default: scale a tone-set whose levels add up past 100 % down to 100 % (-N: not). */
  normalise: boolean;
  warn?: (message: string) => void;
  ctx?: SpecContext;
}

/**
 * The specs of one tone-set (tokens already located on a line) as contract voices: one slot per
 * token (SBaGen's channels, `-` leaving one empty), levels normalised as SBaGen does.
 */
export function parseToneTokens(
  tokens: Token[],
  loc: (tok: Token, offset: number) => SbgLocation,
  opts: ToneSetOptions = { normalise: true },
): Voice[] {
  if (tokens.length > MAX_SPECS) {
    const extra = tokens[MAX_SPECS]!;
    throw sbgError(loc(extra, 0), `a tone-set holds at most ${MAX_SPECS} tone specs`);
  }
  const raw = tokens.map((tok, slot) => ({ tok, slot, voice: parseToneToken(tok.text, (offset) => loc(tok, offset), opts.ctx) }));
  const total = raw.reduce((sum, r) => sum + (r.voice?.amp ?? 0), 0);
  const scale = opts.normalise && total > 1 ? 1 / total : 1;
  if (scale !== 1) opts.warn?.(`levels add up to ${+(total * 100).toFixed(2)}%: scaled to 100% as SBaGen does`);
  const voices: Voice[] = [];
  let expected = 0;
  for (const { tok, slot, voice } of raw) {
    if (!voice) continue;
    const amp = voice.amp * scale;
    const ampCol = tok.text.lastIndexOf('/') + 1;
    if (amp < 0) throw sbgError(loc(tok, ampCol), 'amplitude must not be negative');
    if (amp > 1) throw sbgError(loc(tok, ampCol), `amplitude ${+(amp * 100).toFixed(2)} is above 100 (with -N SBaGen would overflow)`);
    const r = Voice.safeParse({ ...voice, amp, ...(slot !== expected && { slot }) });
    if (!r.success) {
      throw sbgError(loc(tok, 0), `invalid tone: ${issuesMessage(r.error)}`);
    }
    voices.push(r.data);
    expected = slot + 1;
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
