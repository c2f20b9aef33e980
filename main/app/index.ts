import { join } from 'node:path';
import { createRouter } from '../ipc/router';
import { createEventHub } from '../ipc/events';
import { openDatabase, createSessionRepo, createSettingsRepo } from '../storage';
import { createSessionService } from '../sessions/service';
import { createPlayer } from '../sessions/player';
import { openPortAudioSink } from '../audio/sinks/portaudio';
import { listOutputDevices } from '../audio/devices';
import type { Sink } from '../audio/types';
import { version } from '../../package.json';
import { buildHandlers } from './handlers';

export type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface AppOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  log?: Log;
  /** Where live audio goes; PortAudio unless a test or headless box says otherwise. */
  openSink?: (sampleRate: number, deviceName: string | null) => Promise<Sink>;
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

  const player = createPlayer({
    openSink: opts.openSink ?? ((sampleRate, deviceName) => openPortAudioSink({ sampleRate, deviceName })),
    getSettings: () => settings.get(),
    emit: events.emit,
    log,
  });
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
  });
  const router = createRouter(handlers, { log });

  return {
    router,
    events,
    async close() {
      await player.close();
      db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
