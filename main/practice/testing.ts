// Test helpers for the practice tests (not imported by production code).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProviderSettings } from '../../contract/providers';
import { createOfflineSpeech, createSpeechChain, type SpeechSynth, type TextWriter } from '../providers';
import { migrate } from '../storage/db';
import { createFileStore } from '../storage/file-store';
import { migrations } from '../storage/migrations';
import { createPracticeService, type PracticeServiceDeps } from './service';

/** The real offline voice (eSpeak-NG in wasm), counting how often it is asked to speak. */
export function countingOfflineVoice() {
  const inner = createOfflineSpeech();
  const texts: string[] = [];
  const synth: SpeechSynth = { ...inner, provider: 'offline', maxChars: inner.maxChars, voices: (s) => inner.voices(s), speak: (req) => (texts.push(req.text), inner.speak(req)) };
  return { synth, texts, close: () => inner.close() };
}

export function practiceProviders(synth: SpeechSynth, writer?: TextWriter): PracticeServiceDeps['providers'] {
  return {
    speech: () => createSpeechChain([{ synth, voice: 'en-gb' }]),
    isConfigured: (p) => p === 'offline' || (writer !== undefined && p === writer.provider),
    writer: () => {
      if (!writer) throw new Error('no writer');
      return writer;
    },
  };
}

/** A data folder (database file + file store) that can be closed and opened again. */
export function practiceEnv() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-practice-'));
  const open = () => {
    const db = new Database(path.join(dir, 'koru.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  };
  const files = createFileStore(path.join(dir, 'files'));
  return { dir, open, files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function makeService(env: ReturnType<typeof practiceEnv>, db: Database.Database, over: Partial<PracticeServiceDeps> & Pick<PracticeServiceDeps, 'providers'>) {
  const events: { mantraId: string; roundsCompleted: number }[] = [];
  const service = createPracticeService({
    db,
    files: env.files,
    emit: (_e, p) => events.push(p),
    log: () => undefined,
    getSettings: () => ({ outputDevice: null, sampleRate: 44100, maxVolume: 1 }),
    getProviderSettings: () => ProviderSettings.parse({ speechOrder: ['offline'], writer: 'offline' }),
    exportDir: path.join(env.dir, 'exports'),
    ...over,
  });
  return { service, events };
}
