/** `koru story`: a repository (a folder or a git URL) becomes a narrated story in a WAV or MP3
 *  file, with the app's pipeline — offline unless API keys are set in the environment. Progress
 *  and the pipeline's log go to stderr. Exit codes: 0 done, 1 failed, 2 bad input (options, and a
 *  source that cannot be a story: missing, empty, binary only, too large, private without token). */
import { join } from 'node:path';
import { KoruError } from '../../contract/errors';
import { issuesMessage } from '../../contract/issues';
import { hasCapability, ProviderSettings } from '../../contract/providers';
import { SeedVoice, StoryDepth, StoryRequest, StoryStyle, type StoryRequestInput } from '../../contract/stories';
import { createJobRunner } from '../jobs';
import { createJobRepo, createFileStore, defaultDataDir, openDatabase } from '../storage';
import type { StoryProviders } from '../stories';
import { outputFormat, parseRate } from './args';
import { oneOf, providerOption } from './choices';
import { createProgress } from './progress';

export interface StoryCliOptions {
  style?: string;
  minutes?: string;
  depth?: string;
  focus?: string;
  message?: string;
  provider?: string;
  voice?: string;
  ref?: string;
  bed?: string;
  output: string;
  chapters?: string;
  transcript?: string;
  rate?: string;
  dataDir?: string;
}

export interface StoryCliDeps {
  providers?: (settings: ProviderSettings) => StoryProviders;
  env?: NodeJS.ProcessEnv;
  stderr?: NodeJS.WriteStream;
}

/** Source problems that are the caller's to fix: exit 2, like any other bad input. */
const BAD_SOURCE = new Set(['missing_folder', 'not_a_repository', 'empty', 'binary_only', 'too_large', 'unknown_ref', 'private']);


export async function storyCommand(target: string, o: StoryCliOptions, deps: StoryCliDeps = {}): Promise<{ id: string; path: string; durationSec: number }> {
  const err = deps.stderr ?? process.stderr;
  const format = outputFormat(o.output);
  const sampleRate = parseRate(o.rate ?? '44100');
  const source = /^https?:\/\//i.test(target) ? { kind: 'git' as const, url: target, ...(o.ref ? { ref: o.ref } : {}) } : { kind: 'folder' as const, path: target };
  const provider = providerOption(o.provider, ['writer', 'speech'], '--provider');
  const voices = o.voice?.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const v of voices ?? []) oneOf(SeedVoice, v, '--voice');
  if (o.minutes !== undefined && !/^\d+$/.test(o.minutes.trim())) throw new KoruError('BAD_INPUT', `--minutes must be a whole number (got "${o.minutes}")`);
  // --provider names who writes and who speaks, as far as it can do each; offline does both.
  const request: StoryRequestInput = {
    source,
    ...(o.style ? { style: oneOf(StoryStyle, o.style, '--style') } : {}),
    ...(o.minutes ? { minutes: Number(o.minutes) } : {}),
    ...(o.depth ? { depth: oneOf(StoryDepth, o.depth, '--depth') } : {}),
    ...(o.focus ? { focus: o.focus.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
    ...(o.message ? { message: o.message } : {}),
    ...(provider && (provider === 'offline' || hasCapability(provider, 'text')) ? { writer: provider } : {}),
    ...(provider && hasCapability(provider, 'speech') ? { provider } : {}),
    ...(voices ? { voices: voices as SeedVoice[] } : {}),
    ...(o.bed ? { bed: o.bed } : {}),
  };
  const checked = StoryRequest.safeParse(request);
  if (!checked.success) throw new KoruError('BAD_INPUT', issuesMessage(checked.error));

  const dataDir = o.dataDir ?? defaultDataDir(deps.env ?? process.env);
  const db = openDatabase(join(dataDir, 'koru.db'));
  const settings = ProviderSettings.parse({});
  const providers = deps.providers?.(settings) ?? (await registryFromEnv(settings, deps.env ?? process.env, err));
  const { createStoryService } = await import('../stories');
  const jobs = createJobRunner({
    repo: createJobRepo(db),
    log: () => undefined,
    emit: ((name: string, p: { entry?: { step: string; action: string; level: string } }) => {
      if (name === 'job.log' && p.entry && p.entry.step !== '-') err.write(`${p.entry.step}: ${p.entry.action}\n`);
    }) as never,
  });
  let last = '';
  const service = createStoryService({
    db,
    jobs,
    files: createFileStore(join(dataDir, 'files')),
    providers,
    emit: ((name: string, p: { story: { status: string; progress: number } | null }) => {
      if (name !== 'story.updated' || !p.story) return;
      const line = `${p.story.status} ${Math.floor(p.story.progress / 10) * 10}%`;
      if (line !== last) err.write(`${line}\n`);
      last = line;
    }) as never,
    log: (level, m) => level !== 'info' && err.write(`koru: ${m}\n`),
    getSettings: () => ({ outputDevice: null, sampleRate, maxVolume: 1 }),
    getProviderSettings: () => settings,
    exportDir: dataDir,
    sourcesDir: join(dataDir, 'stories', 'sources'),
  });
  try {
    // A message fills in what the options left out (as the chat box fills the form).
    if (o.message) {
      const read = await service.intent(o.message, checked.data.writer);
      request.style ??= read.style;
      request.depth ??= read.depth;
      request.minutes ??= read.minutes;
      if (!request.focus?.length && read.focus.length) request.focus = read.focus;
      err.write(`intent: a ${request.minutes}-minute ${request.style} for ${request.depth === 'beginner' ? 'a' : 'an'} ${request.depth} listener${request.focus?.length ? `, focus ${request.focus.join(', ')}` : ''}\n`);
    }
    const { id } = await service.generate(request);
    const s = (await service.whenDone(id)?.catch(() => service.get(id))) ?? service.get(id);
    if (s.status !== 'completed') {
      const bad = s.problem !== null && BAD_SOURCE.has(s.problem);
      throw new KoruError(bad ? 'BAD_INPUT' : 'INTERNAL', `the story could not be made: ${s.error ?? s.status}`, { problem: s.problem });
    }
    err.write(`"${s.title}": ${s.chapters.length} chapters, ${s.segments.total} segments by ${s.speakers.map((x) => `${x.provider} (${x.voice})`).join(' and ')}, ${Math.round(s.durationSec)} s\n`);
    const progress = createProgress('mix', s.durationSec, err);
    const result = await service.export(id, format, { path: o.output, onProgress: progress.update, chaptersPath: o.chapters ?? null, transcriptPath: o.transcript ?? null, coverPath: null });
    progress.done();
    err.write(`wrote ${result.path} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.durationSec.toFixed(1)} s)\n`);
    for (const f of result.files) err.write(`wrote ${f.path}\n`);
    return { id, path: result.path, durationSec: result.durationSec };
  } finally {
    await jobs.close();
    await service.close();
    db.close();
  }
}


async function registryFromEnv(settings: ProviderSettings, env: NodeJS.ProcessEnv, err: NodeJS.WriteStream): Promise<StoryProviders> {
  const [{ createProviders }, { createMemorySecretStore }] = await Promise.all([import('../providers'), import('../secrets')]);
  return createProviders({ secrets: createMemorySecretStore(), settings, env, log: (level, m) => void (level !== 'info' && err.write(`koru: ${m}\n`)) });
}
