import { join } from 'node:path';
import { version } from '../../package.json';
import { FILES_HTTP_PATH, type FileKind } from '../../contract';
import { consoleLog, type Log } from '../log';
import { createEventHub, createRouter, type Handlers } from '../ipc';
import { openDatabase, createJobRepo, createScheduleRepo, createSkyLocationRepo, createSessionRepo, createSettingsRepo, createProviderSettingsRepo, createFileStore, preparePrivateDataDir } from '../storage';
import { buildExportHandlers, createExportService, removeStaleExports } from '../export';
import { buildSessionHandlers, createSessionService } from '../sessions';
import { buildPlaybackHandlers, createPlayer, processHostLink, type HostLink, type SinkSpec } from '../playback';
import { buildHardwareHandlers, createAmpService } from '../hardware';
import { createSecretStore, type SafeStorageLike } from '../secrets';
import { buildProviderHandlers, createProviders, ProviderError, isRetryable } from '../providers';
import { buildRitualHandlers, createRitualService } from '../rituals';
import { buildJobHandlers, createJobRunner } from '../jobs';
import { buildFileHandlers, createFileRegistry } from '../files';
import { buildPracticeHandlers, createPracticeService } from '../practice';
import { buildAppHandlers } from './handlers';
import { buildDubbingHandlers, createDubbingService, decodeInThread } from '../dubbing';
import { buildStoryHandlers, createStoryService } from '../stories';
import { buildSkyHandlers, createScheduler, systemTimeZone, type Clock } from '../sky';
import { buildAssistantHandlers, createAssistant } from '../assistant';
import { buildGoalHandlers } from '../goals';
import { presets } from '../sessions';

export type { Log } from '../log';
export { consoleLog };

export interface AppOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  log?: Log;
  /** Live audio: the engine's process unless a test runs it in-process (`link`), and the
   *  device in settings unless a test or a headless box says otherwise (`sink`). */
  audio?: { link?: HostLink; sink?: SinkSpec };
  /** Electron's OS keychain; web mode keeps keys in the encrypted file store instead. */
  safeStorage?: SafeStorageLike;
  /** Provider keys and base URLs from the environment win over stored ones (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Desktop app only: the native Open dialog (the chosen path, or null) and "Show in folder". */
  pickFile?: (kind: FileKind) => Promise<string | null>;
  /** Desktop app only: the native folder dialog (a code story's repository). */
  pickFolder?: () => Promise<string | null>;
  revealFile?: (path: string) => void;
  /** Schedules' time source (tests: a fake clock). */
  clock?: Clock;
}

/** Composition root: the only place services are built and wired together. */
export async function createApp(opts: AppOptions) {
  const log = opts.log ?? consoleLog;
  // Owner-only: the database, the voiced audio and the secrets live here.
  if (!preparePrivateDataDir(opts.dataDir)) log('warn', `could not make ${opts.dataDir} private to this user (mode 0700)`);
  const events = createEventHub({ log });
  const db = openDatabase(join(opts.dataDir, 'koru.db'));
  // Files by reference (uploads, dialog choices, exports): the renderer only ever holds an id.
  const exportDir = join(opts.dataDir, 'exports');
  const files = createFileRegistry({ dataDir: opts.dataDir, exportDir, downloadPath: FILES_HTTP_PATH });
  const fileStore = createFileStore(join(opts.dataDir, 'files'));
  // Exports run in worker threads, never beside the player; a crash mid-write left temporaries.
  const exports = createExportService({ emit: events.emit, log });
  const stale = await removeStaleExports(exportDir, fileStore.root);
  if (stale.length > 0) log('info', `removed ${stale.length} unfinished file(s) left by an interrupted export or write`);
  const settings = createSettingsRepo(db, { log });
  const store = createSessionRepo(db, { log });
  // Amplifier (main/hardware): follows playback.status; never throws into the player.
  const amp = createAmpService({ db, emit: events.emit, log });
  events.subscribe((name, payload) => amp.onEvent(name, payload));

  // Audio that .sbg schedules mix in (SBaGen's -m): stored here, read by whatever renders.
  const mixFolder = join(opts.dataDir, 'mix');
  const player = createPlayer({
    mixFolder,
    link: opts.audio?.link ?? processHostLink({ log }),
    getSettings: () => settings.get(),
    emit: events.emit,
    log,
    ...(opts.audio?.sink ? { sink: opts.audio.sink } : {}),
    // Hardware level 3 (bass shaker attached): keep sub-bass and its peaks off the amplifier.
    shakerGuard: () => amp.isLevel3(),
  });
  // Start the audio engine now, so the first Play does not wait for its process.
  player.warm().catch((err) => log('warn', 'the audio engine could not be started yet', err));
  // Providers: keys stay in main (never in SQLite or the renderer); settings are read per request.
  // A key is only sent to the endpoint it was entered for (main/providers/endpoint.ts).
  const secrets = createSecretStore({ dataDir: opts.dataDir, safeStorage: opts.safeStorage });
  const providerSettings = createProviderSettingsRepo(db, { log });
  const providers = createProviders({
    secrets: secrets.store,
    settings: () => providerSettings.get(),
    env: opts.env,
    log,
    onStatus: (statuses) => events.emit('providers.status', statuses),
  });
  // One job runner for every long piece of work; what a dead process left running is resumable.
  const jobs = createJobRunner({
    repo: createJobRepo(db),
    emit: events.emit,
    log,
    retryable: (err) => err instanceof ProviderError && isRetryable(err.failure),
  });
  const interrupted = jobs.recoverInterrupted();
  if (interrupted.length > 0) log('info', `${interrupted.length} interrupted job(s) can be resumed`);
  // What every capability that voices, plays and exports is built from.
  const voiced = {
    db,
    files: fileStore,
    providers,
    player,
    emit: events.emit,
    log,
    getSettings: () => settings.get(),
    getProviderSettings: () => providerSettings.get(),
    exportDir,
    exporter: exports,
  };
  const rituals = createRitualService({ ...voiced, jobs, mixFolder });
  // Mantra practice; it counts the repetitions a voiced practice speaks as the player reports them.
  const practice = createPracticeService({ ...voiced, mixFolder });
  events.subscribe((name, payload) => practice.onEvent(name, payload));
  // Dubbing: files decoded on a worker thread, steps on the shared job runner, exports through the pipeline.
  const dubbing = createDubbingService({ ...voiced, registry: files, jobs, decode: decodeInThread });
  if (dubbing.recoverInterrupted() > 0) log('info', 'interrupted dub(s) can be resumed');
  // Code stories: sources fetched into the data folder, the pipeline on the shared job runner.
  const stories = createStoryService({ ...voiced, jobs, sourcesDir: join(opts.dataDir, 'stories', 'sources'), mixFolder });
  const storiesRecovered = stories.recoverInterrupted();
  if (storiesRecovered > 0) log('info', `${storiesRecovered} interrupted story(ies) can be resumed`);
  // A crash mid-generation leaves rituals 'writing'/'voicing': mark them resumable, not stuck.
  const recovered = rituals.recoverInterrupted();
  if (recovered > 0) log('info', `${recovered} interrupted ritual(s) can be resumed`);
  // The amplifier used last time, in the background: a missing device only shows in its status.
  const ampAtStart = amp.connectAtStart();

  const sessions = createSessionService({
    store,
    exportDir,
    mixFolder,
    getSettings: () => settings.get(),
    onDelete: async (id) => {
      if (player.status().sessionId === id) await player.stop();
    },
    onUpdate: (session) => player.update(session).catch((err) => log('warn', 'a saved edit could not reach what is playing', err)),
    exporter: exports,
  });

  // Schedules start sessions and rituals while Koru runs; starts missed while closed are reported.
  const skyLocation = createSkyLocationRepo(db);
  const scheduler = createScheduler({
    repo: createScheduleRepo(db),
    ...(opts.clock ? { clock: opts.clock } : {}),
    location: () => skyLocation.get(),
    titleOf: (t) => (t.kind === 'session' ? sessions.get(t.id).name : rituals.get(t.id).title),
    play: (t) => (t.kind === 'session' ? player.start(sessions.get(t.id)) : rituals.play(t.id)),
    emit: events.emit,
    log,
  });
  await scheduler.start();

  // The assistant and goals: conversations, the action journal, function calls that play
  // sessions and make rituals. Conversations a stopped Koru left open are over.
  const { assistant, goals, config: assistantConfig } = createAssistant({
    db,
    dataDir: opts.dataDir,
    providers,
    emit: events.emit,
    log,
    defaultTimeZone: () => skyLocation.get()?.timeZone ?? systemTimeZone(),
    presets,
    play: (session) => player.start(session),
    stopSound: async (id) => void (player.status().sessionId === id && (await player.stop())),
    makeRitual: (intention, minutes) => rituals.generate({ intention, minutes }),
    deleteRitual: async (id) => void (await rituals.delete(id)),
  });
  const ended = assistant.recoverInterrupted();
  if (ended > 0) log('info', `${ended} conversation(s) left open by the last run were closed`);

  // Each capability binds its own channels; the type says every channel of the contract is bound.
  const handlers: Handlers = {
    ...buildAppHandlers({ info: { version, mode: opts.mode, dataDir: opts.dataDir }, settings }),
    ...buildSessionHandlers({ sessions, files, mixFolder }),
    ...buildPlaybackHandlers({ player, session: (id) => sessions.get(id) }),
    ...buildHardwareHandlers(amp),
    ...buildRitualHandlers({ rituals, files }),
    ...buildProviderHandlers({ providers, settings: providerSettings }),
    ...buildJobHandlers(jobs),
    ...buildFileHandlers({ files, mode: opts.mode, pick: opts.pickFile, pickFolder: opts.pickFolder, reveal: opts.revealFile }),
    ...buildExportHandlers(exports),
    ...buildPracticeHandlers({ practice, files }),
    ...buildDubbingHandlers(dubbing),
    ...buildStoryHandlers({ stories, files }),
    ...buildSkyHandlers({ location: skyLocation, scheduler, ...(opts.clock ? { now: opts.clock.now } : {}) }),
    ...buildAssistantHandlers({ assistant, config: assistantConfig }),
    ...buildGoalHandlers({ goals, openSession: () => assistant.openSessionId() }),
  };
  const router = createRouter(handlers, { log });

  return {
    router,
    events,
    /** The audio engine's own counters (benchmarks, diagnostics): underruns, late blocks… */
    audioStats: () => player.stats(),
    files,
    async close() {
      assistant.closeAll();
      scheduler.close();
      await jobs.close();
      await exports.close();
      await rituals.close();
      await stories.close();
      await player.close();
      await ampAtStart;
      await amp.close();
      db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
