/** `koru mantra`: the practice library and a voiced practice rendered to a file — the mantra
 *  spoken `--count` times at the chosen pace over a tone bed, the singing bowl's bell after each
 *  round. Voicing is cached in the data folder (a repeat costs no provider call); keys come from
 *  the environment as for `koru ritual`, and with none set everything runs offline. */
import { join } from 'node:path';
import { KoruError } from '../../contract/errors';
import { PRACTICE_DEFAULTS } from '../../contract/practice';
import { ProviderSettings } from '../../contract/providers';
import type { RitualProviders } from '../rituals';
import { createPracticeService, STARTER_MANTRAS } from '../practice';
import { providerOption } from './choices';
import { createFileStore, defaultDataDir, openDatabase } from '../storage';
import { outputFormat, parseRate } from './args';
import { createProgress } from './progress';

export interface MantraRenderOptions {
  count?: string;
  round?: string;
  voice?: string;
  provider?: string;
  bed?: string;
  gap?: string;
  guruPause?: string;
  balance?: string;
  output: string;
  rate?: string;
  dataDir?: string;
}

export interface MantraCliDeps {
  providers?: (settings: ProviderSettings) => RitualProviders;
  env?: NodeJS.ProcessEnv;
  stderr?: NodeJS.WriteStream;
  stdout?: NodeJS.WriteStream;
}

function num(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new KoruError('BAD_INPUT', `${what} must be a number (got "${text}")`);
  return v;
}

/** The starter set (your own mantras are in the app's library). */
export function mantraList(o: { json?: boolean }, deps: MantraCliDeps = {}): void {
  const out = deps.stdout ?? process.stdout;
  if (o.json) {
    out.write(`${JSON.stringify(STARTER_MANTRAS, null, 2)}\n`);
    return;
  }
  for (const m of STARTER_MANTRAS) out.write(`${m.id.padEnd(20)} ${m.text}\n${' '.repeat(21)}${m.language} · ${m.tradition} · ${m.source ?? ''}\n`);
}

export async function mantraRender(text: string, o: MantraRenderOptions, deps: MantraCliDeps = {}): Promise<{ path: string; durationSec: number }> {
  const err = deps.stderr ?? process.stderr;
  const format = outputFormat(o.output);
  const sampleRate = parseRate(o.rate ?? '44100');
  const provider = providerOption(o.provider, 'speech', '--provider');
  const patch = {
    ...(o.count !== undefined ? { voicedCount: num(o.count, '--count') } : {}),
    ...(o.round !== undefined ? { roundSize: num(o.round, '--round') } : {}),
    ...(o.voice ? { voice: o.voice } : {}),
    ...(provider ? { provider } : {}),
    ...(o.bed ? { bed: o.bed } : {}),
    ...(o.gap !== undefined ? { gapSec: num(o.gap, '--gap') } : {}),
    ...(o.guruPause !== undefined ? { guruPauseSec: num(o.guruPause, '--guru-pause') } : {}),
    ...(o.balance !== undefined ? { balance: num(o.balance, '--balance') } : {}),
  };
  const dataDir = o.dataDir ?? defaultDataDir(deps.env ?? process.env);
  const db = openDatabase(join(dataDir, 'koru.db'));
  const settings = ProviderSettings.parse({});
  try {
    const providers = deps.providers?.(settings) ?? (await registryFromEnv(settings, deps.env ?? process.env, err));
    const service = createPracticeService({
      db,
      files: createFileStore(join(dataDir, 'files')),
      providers,
      emit: () => undefined,
      log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)),
      getSettings: () => ({ outputDevice: null, sampleRate, maxVolume: 1 }),
      getProviderSettings: () => settings,
      exportDir: dataDir,
    });
    let progress = createProgress('mix', 0, err);
    const result = await service.renderText(text, patch, format, o.output, {
      onPlanned: (sec) => {
        err.write(`${patch.voicedCount ?? PRACTICE_DEFAULTS.voicedCount} repetitions, ${Math.round(sec)} s\n`);
        progress = createProgress('mix', sec, err);
      },
      onProgress: (f) => progress.update(f),
    });
    progress.done();
    err.write(`wrote ${result.path} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.durationSec.toFixed(1)} s)\n`);
    return { path: result.path, durationSec: result.durationSec };
  } finally {
    db.close();
  }
}

async function registryFromEnv(settings: ProviderSettings, env: NodeJS.ProcessEnv, err: NodeJS.WriteStream): Promise<RitualProviders> {
  const [{ createProviders }, { createMemorySecretStore }] = await Promise.all([import('../providers'), import('../secrets')]);
  return createProviders({ secrets: createMemorySecretStore(), settings, env, log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)) });
}
