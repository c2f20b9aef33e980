import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ExportFormat, KoruError, type Program } from '../../contract';
import { parseSbg, programFromImmediate } from '../audio';

/** `HH:MM:SS`, `HH:MM` (SBaGen's -L) or plain seconds. */
export function parseLength(text: string): number {
  const t = text.trim();
  const parts = t.split(':');
  const nums = parts.map(Number);
  const ok = parts.length <= 3 && parts.every((p) => /^\d+(\.\d+)?$/.test(p));
  if (!ok) throw new KoruError('BAD_INPUT', `length "${text}" is not HH:MM:SS, HH:MM or seconds`);
  const [a = 0, b = 0, c = 0] = nums;
  const sec = parts.length === 1 ? a : parts.length === 2 ? a * 3600 + b * 60 : a * 3600 + b * 60 + c;
  if (sec <= 0 || sec > 24 * 3600) throw new KoruError('BAD_INPUT', `length must be between 1 second and 24 hours (got ${text})`);
  return sec;
}

export function parseRate(text: string | undefined): 44100 | 48000 {
  if (text === undefined) return 44100;
  const r = Number(text);
  if (r !== 44100 && r !== 48000) throw new KoruError('BAD_INPUT', `sample rate must be 44100 or 48000 (got ${text})`);
  return r;
}

/** The file format from the output's name: only the ones Koru writes, never a WAV named .ogg. */
export function outputFormat(path: string): (typeof ExportFormat.options)[number] {
  const format = ExportFormat.safeParse(extname(path).slice(1).toLowerCase());
  if (format.success) return format.data;
  const names = ExportFormat.options.map((f) => `.${f}`).join(' or ');
  throw new KoruError('BAD_INPUT', `cannot write ${path}: the output file must end in ${names}`);
}

/** A level from 0 to 1 (`-v 0.7`). */
export function parseUnit(text: string, what: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new KoruError('BAD_INPUT', `${what} must be between 0 and 1 (got ${text})`);
  return v;
}

export interface Source {
  program: Program;
  durationSec: number;
}

/** A schedule from a .sbg file or from immediate tone specs (`-i "pink/40 200+10/20"`). */
export function loadSource(file: string | undefined, immediate: string | undefined, length: string | undefined): Source {
  if (file && immediate) throw new KoruError('BAD_INPUT', 'give either a .sbg file or -i tone specs, not both');
  if (immediate) {
    if (!length) throw new KoruError('BAD_INPUT', '-i needs a length: -L HH:MM:SS');
    return { program: programFromImmediate(immediate.trim().split(/\s+/)), durationSec: parseLength(length) };
  }
  if (!file) throw new KoruError('BAD_INPUT', 'nothing to play: give a .sbg file or -i "<tone specs>"');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KoruError('BAD_INPUT', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const parsed = parseSbg(text, length ? { durationSec: parseLength(length) } : undefined);
  return { program: parsed.program, durationSec: parsed.durationSec };
}
