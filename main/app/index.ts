import { join } from 'node:path';
import { createRouter } from '../ipc/router';
import { createEventHub } from '../ipc/events';
import { openDatabase, createSessionRepo, createSettingsRepo, createProviderSettingsRepo, createFileStore, preparePrivateDataDir } from '../storage';
import { buildExportHandlers, createExportService, removeStaleExports } from '../export';
import { createSessionService } from '../sessions/service';
import { createPlayer } from '../sessions/player';
import { openPortAudioSink } from '../audio/sinks/portaudio';
import { listOutputDevices } from '../audio/devices';
import type { Sink } from '../audio/types';
import { version } from '../../package.json';
import { buildHandlers } from './handlers';
import { createAmpService } from '../hardware/service';
import { guardMaster } from '../hardware/shaker-guard';
import { createMaster } from '../audio';
import { createSecretStore, type SafeStorageLike } from '../secrets';
import { createProviders } from '../providers/registry';
import { createRitualService } from '../rituals/service';
import { buildRitualHandlers } from '../rituals/handlers';

export type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface AppOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  log?: Log;
  /** Where live audio goes; PortAudio unless a test or headless box says otherwise. */
  openSink?: (sampleRate: number, deviceName: string | null) => Promise<Sink>;
  /** Electron's OS keychain; web mode keeps keys in the encrypted file store instead. */
  safeStorage?: SafeStorageLike;
  /** Provider keys and base URLs from the environment win over stored ones (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export const consoleLog: Log = (level, message, detail) => {
  const line = `[koru] ${level}: ${message}`;
  if (level === 'error') console.error(line, detail ?? '');
  else if (level === 'warn') console.warn(line, detail ?? '');
  else console.log(line);
};

/** Composition root: the only place services are built and wired together. */
export async function createApp(opts: AppOptions) {
  const log = opts.log ?? consoleLog;
  // Owner-only: the database, the voiced audio and the secrets live here.
  if (!preparePrivateDataDir(opts.dataDir)) log('warn', `could not make ${opts.dataDir} private to this user (mode 0700)`);
  const events = createEventHub({ log });
  const db = openDatabase(join(opts.dataDir, 'koru.db'));
  const exportDir = join(opts.dataDir, 'exports');
  const files = createFileStore(join(opts.dataDir, 'files'));
  // Exports run in worker threads, never beside the player; a crash mid-write left temporaries.
  const exports = createExportService({ emit: events.emit, log });
  const stale = await removeStaleExports(exportDir, files.root);
  if (stale.length > 0) log('info', `removed ${stale.length} unfinished file(s) left by an interrupted export or write`);
  const settings = createSettingsRepo(db);
  const store = createSessionRepo(db, { log: (m: string) => log('warn', m) });
  // Amplifier (main/hardware): follows playback.status; never throws into the player.
  const amp = createAmpService({ db, emit: events.emit, log });
  events.subscribe((name, payload) => amp.onEvent(name, payload));

  const player = createPlayer({
    openSink: opts.openSink ?? ((sampleRate, deviceName) => openPortAudioSink({ sampleRate, deviceName })),
    getSettings: () => settings.get(),
    emit: events.emit,
    log,
    // Hardware level 3 (bass shaker attached): keep sub-bass and its peaks off the amplifier.
    engine: { createMaster: (o) => guardMaster(createMaster(o), o.sampleRate, () => amp.isLevel3()) },
  });
  // Providers: keys stay in main (never in SQLite or the renderer); settings are read per request.
  const secrets = createSecretStore({ dataDir: opts.dataDir, safeStorage: opts.safeStorage, env: opts.env });
  const providerSettings = createProviderSettingsRepo(db, { log: (m: string) => log('warn', m) });
  const providers = createProviders({ secrets: secrets.store, settings: () => providerSettings.get(), env: opts.env, log });
  const rituals = createRitualService({
    db,
    files,
    providers,
    player,
    emit: events.emit,
    log,
    getSettings: () => settings.get(),
    getProviderSettings: () => providerSettings.get(),
    exportDir,
    exporter: exports,
  });
  // A crash mid-generation leaves rituals 'writing'/'voicing': mark them resumable, not stuck.
  const recovered = rituals.recoverInterrupted();
  if (recovered > 0) log('info', `${recovered} interrupted ritual(s) can be resumed`);
  // The amplifier used last time, in the background: a missing device only shows in its status.
  const ampAtStart = amp.connectAtStart();

  const sessions = createSessionService({
    store,
    exportDir,
    getSettings: () => settings.get(),
    onDelete: async (id) => {
      if (player.status().sessionId === id) await player.stop();
    },
    exporter: exports,
  });

  const handlers = buildHandlers({
    info: { version, mode: opts.mode, dataDir: opts.dataDir },
    sessions,
    player,
    settings,
    devices: listOutputDevices,
    amp,
    rituals: buildRitualHandlers({ rituals, providers, secrets: secrets.store, providerSettings }),
    exports: buildExportHandlers(exports),
  });
  const router = createRouter(handlers, { log });

  return {
    router,
    events,
    async close() {
      await exports.close();
      await rituals.close();
      await player.close();
      await ampAtStart;
      await amp.close();
      db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
