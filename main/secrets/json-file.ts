import fs from 'node:fs';
import path from 'node:path';
import { KoruError } from '../../contract/errors';
import { writeFileAtomic } from '../storage';

/** Small helpers for the 0600 JSON files the stores keep (atomic replace, owner-only). */
export function readJson<T>(file: string, fallback: T): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new KoruError('STORAGE', `could not read ${path.basename(file)}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new KoruError('STORAGE', `${path.basename(file)} is damaged — clear and re-enter your API keys in Settings → Providers`);
  }
}

export function writeJsonPrivate(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, JSON.stringify(value, null, 2), { mode: 0o600 });
}
