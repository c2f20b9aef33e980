/** `koru ritual`: the app's ritual pipeline from the command line — write, voice (cached in the
 *  data folder, so a repeat costs no provider call), mix over a tone bed and export. Keys and
 *  endpoints come from the conventional environment variables (OPENAI_API_KEY, OPENAI_BASE_URL,
 *  ELEVENLABS_API_KEY, …); with none set, everything runs offline. Progress goes to stderr. */
import { join } from 'node:path';
import { KoruError } from '../../contract/errors';
import { issuesMessage } from '../../contract/issues';
import { ProviderSettings, RitualRequest, RitualStyle } from '../../contract/rituals';
import { createRitualService } from '../rituals';
import type { RitualProviders } from '../rituals';
import { createFileStore, defaultDataDir, openDatabase } from '../storage';
import { outputFormat, parseRate } from './args';
import { createProgress } from './progress';
import { oneOf, providerOption } from './choices';

export interface RitualCliOptions {
  intention: string;
  minutes: string;
  focus?: string;
  style?: string;
  provider?: string;
  voice?: string;
  writer?: string;
  bed?: string;
  balance?: string;
  output: string;
  rate?: string;
  dataDir?: string;
}

export interface RitualCliDeps {
  /** Tests pass fakes; the command builds the registry from the environment. */
  providers?: (settings: ProviderSettings) => RitualProviders;
  env?: NodeJS.ProcessEnv;
  stderr?: NodeJS.WriteStream;
}


function num(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new KoruError('BAD_INPUT', `${what} must be a number (got "${text}")`);
  return v;
}

export async function ritualCommand(o: RitualCliOptions, deps: RitualCliDeps = {}): Promise<{ id: string; path: string; durationSec: number }> {
  const err = deps.stderr ?? process.stderr;
  const out = o.output;
  const format = outputFormat(out);
  const sampleRate = parseRate(o.rate ?? '44100');
  const request = {
    intention: o.intention,
    minutes: num(o.minutes, '--minutes'),
    focus: o.focus ? o.focus.split(',').map((f) => f.trim()).filter(Boolean) : [],
    ...(o.style ? { style: oneOf(RitualStyle, o.style, '--style') } : {}),
    ...(o.provider ? { provider: providerOption(o.provider, 'speech', '--provider') } : {}),
    ...(o.writer ? { writer: providerOption(o.writer, 'writer', '--writer') } : {}),
    ...(o.voice ? { voice: o.voice } : {}),
    ...(o.bed ? { bed: o.bed } : {}),
    ...(o.balance !== undefined ? { balance: num(o.balance, '--balance') } : {}),
  };

  // Refuse a bad request before anything is opened or loaded.
  const checked = RitualRequest.safeParse(request);
  if (!checked.success) {
    throw new KoruError('BAD_INPUT', issuesMessage(checked.error));
  }

  const dataDir = o.dataDir ?? defaultDataDir(deps.env ?? process.env);
  const db = openDatabase(join(dataDir, 'koru.db'));
  const settings = ProviderSettings.parse({});
  // Loaded only here: the vendor SDKs are heavy, and other commands must not pay for them.
  const providers = deps.providers?.(settings) ?? (await registryFromEnv(settings, deps.env ?? process.env, err));
  let lastStage = '';
  const service = createRitualService({
    db,
    files: createFileStore(join(dataDir, 'files')),
    providers,
    emit: ((name: string, p: { stage?: string; done?: number; total?: number; message?: string }) => {
      if (name !== 'ritual.progress') return;
      if (p.stage === 'voicing' && p.total) err.write(`voicing ${p.done}/${p.total}\n`);
      else if (p.stage !== lastStage || p.message !== 'Writing the script…') err.write(`${p.message}\n`);
      lastStage = p.stage ?? '';
    }) as never,
    log: (level, m) => level !== 'info' && err.write(`koru: ${m}\n`),
    getSettings: () => ({ outputDevice: null, sampleRate, maxVolume: 1 }),
    getProviderSettings: () => settings,
    exportDir: dataDir,
  });
  try {
    const { id } = await service.generate(request as never);
    const ritual = await service.whenDone(id)?.catch(() => service.get(id));
    const r = ritual ?? service.get(id);
    if (r.status !== 'ready') throw new KoruError('INTERNAL', `the ritual could not be made: ${r.error ?? r.status}`);
    err.write(`"${r.title}": ${r.segments.total} segments by ${r.speech?.provider ?? 'nobody'} (${r.speech?.voice ?? '-'}), ${Math.round(r.durationSec)} s\n`);
    const progress = createProgress('mix', r.durationSec, err);
    const result = await service.export(id, format, out, progress.update);
    progress.done();
    err.write(`wrote ${result.path} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.durationSec.toFixed(1)} s)\n`);
    return { id, path: result.path, durationSec: result.durationSec };
  } finally {
    await service.close();
    db.close();
  }
}

async function registryFromEnv(settings: ProviderSettings, env: NodeJS.ProcessEnv, err: NodeJS.WriteStream): Promise<RitualProviders> {
  const [{ createProviders }, { createMemorySecretStore }] = await Promise.all([import('../providers'), import('../secrets')]);
  return createProviders({ secrets: createMemorySecretStore(), settings, env, log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)) });
}
