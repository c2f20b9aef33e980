import { mkdirSync } from 'node:fs';
import type { ExportFormat, Session, SessionDraft, SessionSummary, Settings } from '../../contract';
import { parseSbg } from '../audio';
import { exportPath, type ExportService } from '../export';

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
  /** The export pipeline (main/export): progress events, cancel, files that cannot be lost. */
  exporter: Pick<ExportService, 'run'>;
}

export function createSessionService(deps: SessionServiceDeps) {
  const { store } = deps;

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

    /** Render to `<name>-<id>.<format>` in the export folder; `exportId` lets the caller cancel. */
    async export(id: string, format: ExportFormat, exportId?: string) {
      const session = store.get(id);
      const settings = deps.getSettings();
      mkdirSync(deps.exportDir, { recursive: true });
      return deps.exporter.run(
        {
          spec: { kind: 'program', program: session.program, durationSec: session.durationSec, ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}) },
          volume: session.volume,
          maxVolume: settings.maxVolume,
          sampleRate: settings.sampleRate,
          format,
          path: exportPath(deps.exportDir, session.name, id, format, 'session'),
          title: session.name,
        },
        { id: exportId },
      );
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
