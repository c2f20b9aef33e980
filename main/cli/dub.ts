/** `koru dub`: the dubbing studio from the command line — decode, transcribe (or --transcript
 *  in.srt), translate (skipped when --to is the source language: voice replacement), voice,
 *  fit and mix, then the dubbed audio and whichever text files were asked for. Keys and
 *  endpoints come from the environment (OPENAI_API_KEY, …); with none, only voice replacement
 *  from an imported SRT/VTT works, and the error says so. Progress goes to stderr. */
import { join } from 'node:path';
import { DubMix, DubRequest } from '../../contract/dubbing';
import { KoruError } from '../../contract/errors';
import { issuesMessage } from '../../contract/issues';
import { ProviderSettings } from '../../contract/providers';
import { createDubbingService } from '../dubbing';
import { createFileRegistry } from '../files';
import { createFileStore, defaultDataDir, openDatabase } from '../storage';
import { outputFormat } from './args';
import { oneOf, providerOption } from './choices';
import { createProgress } from './progress';

export interface DubCliOptions {
  to: string;
  from?: string;
  transcript?: string;
  provider?: string;
  transcriber?: string;
  writer?: string;
  voice?: string;
  maxStretch?: string;
  duckDb?: string;
  mix?: string;
  glossary?: string;
  output: string;
  srt?: string;
  vtt?: string;
  json?: string;
  transcriptOut?: string;
  dataDir?: string;
}

const num = (text: string | undefined, what: string): number | undefined => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new KoruError('BAD_INPUT', `${what} must be a number (got "${text}")`);
  return v;
};


export async function dubCommand(input: string, o: DubCliOptions, deps: { env?: NodeJS.ProcessEnv; stderr?: NodeJS.WriteStream } = {}) {
  const err = deps.stderr ?? process.stderr;
  const env = deps.env ?? process.env;
  const format = outputFormat(o.output);
  const placeholder = 'f_AAAAAAAAAAAAAAAAAAAAAA';
  const request = {
    fileId: placeholder,
    to: o.to,
    ...(o.from ? { from: o.from } : {}),
    ...(o.transcript ? { transcriptFileId: placeholder } : {}),
    ...(o.transcriber ? { transcriber: providerOption(o.transcriber, 'transcribe', '--transcriber') } : {}),
    ...(o.writer ? { writer: providerOption(o.writer, 'writer', '--writer') } : {}),
    ...(o.provider ? { speechProvider: providerOption(o.provider, 'speech', '--provider') } : {}),
    ...(o.voice ? { voice: o.voice } : {}),
    ...(o.maxStretch !== undefined ? { maxStretch: num(o.maxStretch, '--max-stretch') } : {}),
    ...(o.duckDb !== undefined ? { duckDb: num(o.duckDb, '--duck-db') } : {}),
    ...(o.mix ? { mix: oneOf(DubMix, o.mix, '--mix') } : {}),
    ...(o.glossary ? { glossary: o.glossary.split(',').map((g) => g.trim()).filter(Boolean) } : {}),
  };
  // Refuse a bad request before anything is opened or loaded.
  const checked = DubRequest.safeParse(request);
  if (!checked.success) throw new KoruError('BAD_INPUT', issuesMessage(checked.error));

  const dataDir = o.dataDir ?? defaultDataDir(env);
  const db = openDatabase(join(dataDir, 'koru.db'));
  const registry = createFileRegistry({ dataDir, exportDir: join(dataDir, 'exports'), downloadPath: '/files' });
  const settings = ProviderSettings.parse({});
  const [{ createProviders }, { createMemorySecretStore }] = await Promise.all([import('../providers'), import('../secrets')]);
  const providers = createProviders({ secrets: createMemorySecretStore(), settings, env, log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)) });
  let lastStep = '';
  const service = createDubbingService({
    db,
    files: createFileStore(join(dataDir, 'files')),
    registry,
    providers,
    emit: () => undefined,
    log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)),
    getSettings: () => ({ outputDevice: null, sampleRate: 48_000, maxVolume: 1 }),
    getProviderSettings: () => settings,
    exportDir: join(dataDir, 'exports'),
  });
  try {
    const file = registry.adopt(input, 'audio');
    const transcript = o.transcript ? registry.adopt(o.transcript, 'subtitles') : null;
    const dub = service.create({ ...checked.data, fileId: file.fileId, ...(transcript ? { transcriptFileId: transcript.fileId } : {}) });
    const poll = setInterval(() => {
      const running = service.get(dub.id).steps.find((s) => s.state === 'running');
      if (running && running.name !== lastStep) err.write(`${running.name}…\n`);
      if (running) lastStep = running.name;
    }, 250);
    const done = await service.whenDone(dub.id)!.finally(() => clearInterval(poll));
    if (done.status !== 'ready') throw new KoruError('BAD_INPUT', done.error ?? `the dub could not be made (${done.status})`);
    const over = done.segments.filter((s) => s.overLimit).length;
    err.write(`${done.segments.length} lines${done.voiceReplacement ? ' (voice replacement: no translation)' : ''}${over ? `, ${over} over the stretch limit` : ''}\n`);
    const progress = createProgress('mix', done.source!.durationSec, err);
    const texts = { ...(o.srt ? { targetSrt: o.srt } : {}), ...(o.vtt ? { targetVtt: o.vtt } : {}), ...(o.json ? { json: o.json } : {}), ...(o.transcriptOut ? { transcript: o.transcriptOut } : {}) };
    const result = await service.export(dub.id, format, { path: o.output, onProgress: progress.update, texts });
    progress.done();
    err.write(`wrote ${result.audio.path} (${(result.audio.bytes / 1e6).toFixed(1)} MB, ${result.audio.durationSec.toFixed(3)} s)${result.texts.length ? ` and ${result.texts.join(', ')}` : ''}\n`);
    return { id: dub.id, path: result.audio.path, texts: result.texts };
  } finally {
    await service.close();
    db.close();
  }
}
