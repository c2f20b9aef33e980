import { join } from 'node:path';
import { createRouter } from '../ipc/router';
import { createEventHub } from '../ipc/events';
import { openDatabase, createSessionRepo, createSettingsRepo, createProviderSettingsRepo, createFileStore } from '../storage';
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
import { buildProviderHandlers, createProviders } from '../providers';
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
  const db = openDatabase(join(opts.dataDir, 'koru.db'));
  const settings = createSettingsRepo(db);
  const store = createSessionRepo(db, { log: (m: string) => log('warn', m) });
  const events = createEventHub({ log });
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
  // A key is only sent to the endpoint it was entered for (main/providers/endpoint.ts).
  const secrets = createSecretStore({ dataDir: opts.dataDir, safeStorage: opts.safeStorage });
  const providerSettings = createProviderSettingsRepo(db, { log: (m: string) => log('warn', m) });
  const providers = createProviders({
    secrets: secrets.store,
    settings: () => providerSettings.get(),
    env: opts.env,
    log,
    onStatus: (statuses) => events.emit('providers.status', statuses),
  });
  const rituals = createRitualService({
    db,
    files: createFileStore(join(opts.dataDir, 'files')),
    providers,
    player,
    emit: events.emit,
    log,
    getSettings: () => settings.get(),
    getProviderSettings: () => providerSettings.get(),
    exportDir: join(opts.dataDir, 'exports'),
  });
  // A crash mid-generation leaves rituals 'writing'/'voicing': mark them resumable, not stuck.
  const recovered = rituals.recoverInterrupted();
  if (recovered > 0) log('info', `${recovered} interrupted ritual(s) can be resumed`);
  // The amplifier used last time, in the background: a missing device only shows in its status.
  const ampAtStart = amp.connectAtStart();

  const sessions = createSessionService({
    store,
    exportDir: join(opts.dataDir, 'exports'),
    getSettings: () => settings.get(),
    onDelete: async (id) => {
      if (player.status().sessionId === id) await player.stop();
    },
    onExportProgress: (id, fraction) => events.emit('export.progress', { id, fraction }),
  });

  const handlers = buildHandlers({
    info: { version, mode: opts.mode, dataDir: opts.dataDir },
    sessions,
    player,
    settings,
    devices: listOutputDevices,
    amp,
    rituals: buildRitualHandlers({ rituals }),
    providers: buildProviderHandlers({ providers, settings: providerSettings }),
  });
  const router = createRouter(handlers, { log });

  return {
    router,
    events,
    async close() {
      await rituals.close();
      await player.close();
      await ampAtStart;
      await amp.close();
      db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
