// Test helpers for the ritual tests (not imported by production code).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProviderSettings } from '../../contract/rituals';
import { createSpeechChain } from '../providers/fallback';
import type { SpeakRequest, SpeechSynth, TextWriter } from '../providers/types';
import { migrate } from '../storage/db';
import { createFileStore } from '../storage/file-store';
import { migrations } from '../storage/migrations';
import type { RitualProviders } from './types';

/** A synth that counts calls and "speaks" a 300 Hz tone, 10 ms per character, at 16 kHz. */
export function fakeSynth(opts: { fail?: (n: number, req: SpeakRequest) => Error | null; reply?: (req: SpeakRequest) => Float32Array; delayMs?: number; hold?: Promise<void> } = {}) {
  const texts: string[] = [];
  const synth: SpeechSynth = {
    provider: 'openai',
    maxChars: 300,
    voices: async () => [{ id: 'alloy', name: 'Alloy' }, { id: 'verse', name: 'Verse' }],
    async speak(req) {
      texts.push(req.text);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.hold) await opts.hold; // every request waits here until the test lets them go
      const err = opts.fail?.(texts.length, req);
      if (err) throw err;
      const samples = opts.reply?.(req) ?? Float32Array.from({ length: req.text.length * 160 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 300 * i) / 16000));
      return { samples, sampleRate: 16000 };
    },
  };
  return { synth, texts };
}

export function fakeProviders(synth: SpeechSynth, writer?: TextWriter): RitualProviders {
  return {
    speech: () => createSpeechChain([{ synth, voice: 'alloy' }]),
    writer: () => {
      if (!writer) throw new Error('no writer');
      return writer;
    },
    isConfigured: (p) => p === 'offline' || p === 'openai',
    voices: (_p, signal) => synth.voices(signal),
  };
}

export const providerSettings = () => ProviderSettings.parse({ speechOrder: ['openai', 'offline'], writer: 'offline' });

export function tempEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-rituals-'));
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  const files = createFileStore(path.join(dir, 'files'));
  return { dir, db, files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every event emitted, for assertions. */
export function recorder() {
  const events: { name: string; payload: { id: string; stage?: string; done?: number; total?: number; message?: string } }[] = [];
  const emit = ((name: string, payload: never) => void events.push({ name, payload })) as never;
  return { events, emit };
}
