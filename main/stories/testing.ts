// Test helpers for the story tests (not imported by production code).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProviderSettings } from '../../contract/providers';
import type { Settings } from '../../contract/settings';
import { createJobRunner } from '../jobs';
import { createSpeechChain } from '../providers/fallback';
import type { SpeechSynth, TextWriter } from '../providers/types';
import { tempEnv } from '../rituals/testing';
import { createFileStore, openDatabase } from '../storage';
import { createJobRepo } from '../storage/job-repo';
import { createStoryService } from './service';
import { fixtureFiles, writeFiles } from './source/testing';
import type { StoryProviders } from './types';

export const storySettings: Settings = { outputDevice: null, sampleRate: 48000, maxVolume: 1 };

/** A synth that records (text, voice) and speaks a tone whose pitch follows the voice (so two
 *  voices are measurably apart), 60 ms per character at 24 kHz, like the mock servers. */
export function voiceSynth(opts: { provider?: SpeechSynth['provider']; delayMs?: number; fail?: (n: number) => Error | null } = {}) {
  const calls: Array<{ text: string; voice: string }> = [];
  const synth: SpeechSynth = {
    provider: opts.provider ?? 'openai',
    maxChars: 400,
    voices: async () => [],
    async speak(req) {
      calls.push({ text: req.text, voice: req.voice });
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const err = opts.fail?.(calls.length);
      if (err) throw err;
      const hz = 120 + (req.voice.split('').reduce((s, c) => s + c.charCodeAt(0), 0) % 200);
      const n = Math.round(Math.max(0.2, req.text.length * 0.06) * 24000);
      return { samples: Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / 24000)), sampleRate: 24000 };
    },
  };
  return { synth, calls };
}

export function storyProviders(synth: SpeechSynth, writer?: TextWriter): StoryProviders {
  return {
    speech: () => createSpeechChain([{ synth }]),
    writer: () => {
      if (!writer) throw new Error('no writer');
      return writer;
    },
    isConfigured: (p) => p === 'offline' || p === synth.provider || (writer !== undefined && p === writer.provider),
    voices: async () => [],
  };
}

export const storyProviderSettings = (over: object = {}) => ProviderSettings.parse({ speechOrder: ['openai', 'offline'], writer: 'offline', ...over });

/** A fresh database, file store and fixture folder, and a service over them. */
export function storyEnv(providers: StoryProviders, over: Partial<Parameters<typeof createStoryService>[0]> = {}) {
  const env = tempEnv();
  const repoDir = path.join(env.dir, 'atlas');
  writeFiles(repoDir, fixtureFiles());
  const events: Array<{ name: string; payload: unknown }> = [];
  const jobs = createJobRunner({ repo: createJobRepo(env.db), emit: () => undefined, log: () => undefined, backoffMs: () => 10 });
  const service = createStoryService({
    jobs,
    db: env.db,
    files: env.files,
    providers,
    emit: ((name: string, payload: unknown) => void events.push({ name, payload })) as never,
    log: () => undefined,
    getSettings: () => storySettings,
    getProviderSettings: () => storyProviderSettings(),
    exportDir: path.join(env.dir, 'exports'),
    sourcesDir: path.join(env.dir, 'sources'),
    ...over,
  });
  const run = async (input: object) => {
    const { id } = await service.generate(input as never);
    await service.whenDone(id)?.catch(() => undefined);
    return service.get(id);
  };
  return { ...env, repoDir, service, jobs, events, run, tmp: () => fs.mkdtempSync(path.join(os.tmpdir(), 'koru-story-')) };
}

/** A story service on a data folder of its own (a file database), as the app opens one: for a
 *  test that kills one process and starts another on the same data. */
export function storyAt(dir: string, providers: StoryProviders, over: Partial<Parameters<typeof createStoryService>[0]> = {}) {
  const db = openDatabase(path.join(dir, 'koru.db'));
  const jobs = createJobRunner({ repo: createJobRepo(db), emit: () => undefined, log: () => undefined, backoffMs: () => 10 });
  const service = createStoryService({
    jobs,
    db,
    files: createFileStore(path.join(dir, 'files')),
    providers,
    emit: () => undefined,
    log: () => undefined,
    getSettings: () => storySettings,
    getProviderSettings: () => storyProviderSettings(),
    exportDir: path.join(dir, 'exports'),
    sourcesDir: path.join(dir, 'sources'),
    ...over,
  });
  return { db, jobs, service };
}
