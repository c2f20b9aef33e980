import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { KoruError, type Session, type SessionDraft, type SessionSummary, type Settings } from '../../contract';
import { parseSbg } from '../audio/sbg';
import { renderToFile } from './render-file';

/** What the service needs from storage; the SQLite repository satisfies it. */
export interface SessionStore {
  list(query?: string): SessionSummary[];
  get(id: string): Session;
  create(draft: SessionDraft): Session;
  update(id: string, draft: SessionDraft): Session;
  delete(id: string): void;
}

export interface SessionServiceDeps {
  store: SessionStore;
  exportDir: string;
  /** Where audio that sessions mix in is stored. */
  mixFolder?: string;
  getSettings: () => Settings;
  /** Stops playback if this session is the one playing (a deleted session must go quiet). */
  onDelete?: (id: string) => Promise<void> | void;
  /** A saved edit: the player applies it if this session is the one playing. */
  onUpdate?: (session: Session) => Promise<unknown> | void;
  onExportProgress?: (id: string, fraction: number) => void;
}

export function createSessionService(deps: SessionServiceDeps) {
  const { store } = deps;
  const exporting = new Set<string>();

  return {
    list: (query?: string) => store.list(query),
    get: (id: string) => store.get(id),
    create: (draft: SessionDraft) => store.create(draft),
    async update(id: string, draft: SessionDraft) {
      const session = store.update(id, draft);
      await deps.onUpdate?.(session);
      return session;
    },

    async delete(id: string) {
      // No get() first: a hand-damaged session that no longer validates must still be deletable.
      await deps.onDelete?.(id);
      store.delete(id);
    },

    importSbg(name: string, text: string) {
      const { program, durationSec } = parseSbg(text);
      return store.create({ name, intention: '', tags: ['sbg'], program, durationSec, volume: 0.7 });
    },

    async export(id: string, format: 'wav' | 'mp3') {
      const session = store.get(id);
      if (exporting.has(id)) throw new KoruError('CONFLICT', `"${session.name}" is already being exported.`);
      exporting.add(id);
      try {
        const settings = deps.getSettings();
        mkdirSync(deps.exportDir, { recursive: true });
        const path = join(deps.exportDir, `${fileSafe(session.name)}-${id.slice(0, 8)}.${format}`);
        return await renderToFile({
          spec: { kind: 'program', program: session.program, durationSec: session.durationSec, ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}) },
          volume: session.volume,
          maxVolume: settings.maxVolume,
          sampleRate: settings.sampleRate,
          format,
          path,
          onProgress: (f) => deps.onExportProgress?.(id, f),
        });
      } finally {
        exporting.delete(id);
      }
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'session';
}
