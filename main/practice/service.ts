/** Mantra practice as a service: the library (starter set + your own), per-mantra settings,
 *  counting (taps, or every repetition heard while a voiced practice plays), stats with a gentle
 *  streak, dedications, written texts, the bell, and voiced practice live or to a file. */
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { KoruError } from '../../contract/errors';
import type { ExportFormat } from '../../contract/exports';
import { formatIssues } from '../../contract/issues';
import {
  Mantra,
  MantraDraft,
  PRACTICE_DEFAULTS,
  PracticeSettings,
  PracticeSettingsPatch,
  practiceSessionId,
  type CountResult,
  type MantraDraftInput,
  type PracticeStats,
  type VoicedItem,
  type WrittenKind,
} from '../../contract/practice';
import { OFFLINE, type ProviderSettings } from '../../contract/providers';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import type { Settings } from '../../contract/settings';
import { createExportService, exportPath, narrationChapters, type ExportService } from '../export';
import type { EventPayloadInput } from '../ipc';
import type { Log } from '../log';
import type { Player } from '../playback';
import { PROVIDER_NAMES, defaultProviderSettings } from '../providers';
import { createSegmentCache, type RitualProviders } from '../rituals';
import { presets as builtinPresets } from '../sessions';
import { createPracticeRepo, createSegmentCacheRepo, type Db, type FileStore, type PracticeRepo } from '../storage';
import starter from '../../resources/practice/mantras.json';
import { bellWav } from './bell';
import { writeText } from './content';
import { addDays, localDay, streaks } from './days';
import { bedProgram, voicedPractice, type VoicedDeps } from './voiced';

/** The starter set, checked once at load (a broken resource fails the tests, not a user). */
export const STARTER_MANTRAS: Mantra[] = z
  .array(Mantra.omit({ builtin: true }).extend({ source: z.string().min(1) }))
  .parse(starter)
  .map((m) => ({ ...m, builtin: true }));

export type PracticeEmit = (event: 'practice.updated', payload: EventPayloadInput<'practice.updated'>) => unknown;

export interface PracticeServiceDeps {
  db: Db;
  files: FileStore;
  providers: Pick<RitualProviders, 'speech' | 'isConfigured' | 'writer'>;
  /** Optional so the CLI can run without a device; play() then refuses. */
  player?: Player;
  emit: PracticeEmit;
  log: Log;
  getSettings: () => Settings;
  getProviderSettings?: () => ProviderSettings;
  exportDir: string;
  mixFolder?: string;
  exporter?: Pick<ExportService, 'run'>;
  presets?: Preset[];
  now?: () => Date;
  repo?: PracticeRepo;
}

/** Level of a voiced practice in the player (the master applies the user's cap on top). */
const PRACTICE_VOLUME = 0.8;
const sessionIdFor = practiceSessionId;

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new KoruError('BAD_INPUT', `Invalid ${what}: ${formatIssues(r.error).message}`, formatIssues(r.error).details);
  return r.data;
}

export function createPracticeService(deps: PracticeServiceDeps) {
  const repo = deps.repo ?? createPracticeRepo(deps.db);
  const now = deps.now ?? (() => new Date());
  const presets = deps.presets ?? builtinPresets;
  const providerSettings = deps.getProviderSettings ?? defaultProviderSettings;
  const exporter = deps.exporter ?? createExportService({ inThread: true });
  const voicedDeps: VoicedDeps = {
    providers: deps.providers,
    cache: createSegmentCache(createSegmentCacheRepo(deps.db), deps.files),
    files: deps.files,
    providerSettings,
    presets,
    ...(deps.mixFolder ? { mixFolder: deps.mixFolder } : {}),
  };
  /** The voiced practice playing now: each repetition heard is counted once. */
  let listening: { sessionId: string; mantraId: string; plan: VoicedItem[]; last: number } | null = null;

  const builtin = (id: string) => STARTER_MANTRAS.find((m) => m.id === id);
  function get(id: string): Mantra {
    const m = builtin(id) ?? repo.getMantra(id);
    if (!m) throw new KoruError('NOT_FOUND', 'That mantra is not in the library.');
    return m;
  }
  function own(id: string, what: string): void {
    if (builtin(id)) throw new KoruError('BAD_INPUT', `Starter mantras cannot be ${what}; add your own version instead.`);
  }

  function settings(mantraId: string): PracticeSettings {
    get(mantraId);
    return PracticeSettings.parse({ ...PRACTICE_DEFAULTS, ...repo.settings(mantraId) });
  }

  function stats(mantraId: string, days = 30): PracticeStats {
    const s = settings(mantraId);
    const today = localDay(now());
    const from = addDays(today, -(days - 1));
    const rows = new Map(repo.days(mantraId, from, today).map((r) => [r.day, r]));
    const history = Array.from({ length: days }, (_, i) => {
      const day = addDays(from, i);
      const r = rows.get(day);
      return { day, count: r?.count ?? 0, rounds: r?.rounds ?? 0 };
    });
    const { current, best } = streaks(repo.practisedDays(mantraId), today);
    return {
      mantraId,
      today: history.at(-1) ?? { day: today, count: 0, rounds: 0 },
      dailyTarget: s.dailyTarget,
      lifetime: repo.lifetime(mantraId),
      bead: repo.bead(mantraId) % s.roundSize,
      roundSize: s.roundSize,
      streak: current,
      bestStreak: best,
      history,
      dedication: rows.get(today)?.dedication ?? null,
    };
  }

  function count(mantraId: string, add: number): CountResult {
    const s = settings(mantraId);
    const { roundsCompleted } = repo.addCount(mantraId, localDay(now()), add, s.roundSize);
    deps.emit('practice.updated', { mantraId, roundsCompleted });
    return { stats: stats(mantraId), roundsCompleted };
  }

  function asSession(mantra: Mantra, s: PracticeSettings, durationSec: number): Session {
    const program = bedProgram(presets, s.bed) ?? presets[0]?.draft.program;
    if (!program) throw new KoruError('INTERNAL', 'No session presets are installed.');
    const at = now().toISOString();
    const name = mantra.text.length > 60 ? `${mantra.text.slice(0, 59)}…` : mantra.text;
    return { id: sessionIdFor(mantra.id), name, intention: '', tags: ['practice'], program, durationSec, volume: PRACTICE_VOLUME, createdAt: at, updatedAt: at };
  }

  async function renderToFile(text: string, s: PracticeSettings, format: ExportFormat, path: string, opts: { title?: string; exportId?: string; onProgress?: (f: number) => void; onPlanned?: (durationSec: number) => void } = {}) {
    const voiced = await voicedPractice(voicedDeps, { text, settings: s });
    opts.onPlanned?.(voiced.durationSec);
    const app = deps.getSettings();
    // A chapter per round, each starting at its first repetition.
    const groups: { title: string; firstItem: number }[] = [];
    voiced.spec.items.forEach((it, i) => {
      if (it.group !== undefined && voiced.plan[i] === 'mantra' && groups.length === it.group) groups.push({ title: `Round ${it.group + 1}`, firstItem: i });
    });
    return exporter.run(
      {
        spec: voiced.spec,
        volume: PRACTICE_VOLUME,
        maxVolume: app.maxVolume,
        sampleRate: app.sampleRate,
        format,
        path,
        title: opts.title ?? text.slice(0, 120),
        chapters: narrationChapters(voiced.spec, groups),
      },
      { ...(opts.exportId ? { id: opts.exportId } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
    );
  }

  return {
    list: (): Mantra[] => [...STARTER_MANTRAS, ...repo.listMantras()],
    get,
    create: (draft: MantraDraftInput): Mantra => repo.createMantra(parse(MantraDraft, draft, 'mantra')),
    update(id: string, draft: MantraDraftInput): Mantra {
      own(id, 'edited');
      return repo.updateMantra(id, parse(MantraDraft, draft, 'mantra'));
    },
    async delete(id: string) {
      own(id, 'deleted');
      if (deps.player?.status().sessionId === sessionIdFor(id)) await deps.player.stop();
      if (!repo.deleteMantra(id)) throw new KoruError('NOT_FOUND', 'That mantra is not in your library any more.');
      deps.emit('practice.updated', { mantraId: id, roundsCompleted: 0 });
      return { ok: true as const };
    },

    settings,
    updateSettings(mantraId: string, patch: unknown): PracticeSettings {
      const p = parse(PracticeSettingsPatch, patch, 'practice settings');
      const merged = parse(PracticeSettings, { ...settings(mantraId), ...p }, 'practice settings');
      bedProgram(presets, merged.bed);
      repo.saveSettings(mantraId, merged);
      return merged;
    },

    count,
    stats,

    dedicate(mantraId: string, text: string): PracticeStats {
      get(mantraId);
      repo.dedicate(mantraId, localDay(now()), text.trim());
      deps.emit('practice.updated', { mantraId, roundsCompleted: 0 });
      return stats(mantraId);
    },

    async write(mantraId: string, kind: WrittenKind, writerId?: ProviderSettings['writer'], variant = 0) {
      const mantra = get(mantraId);
      const id = writerId ?? providerSettings().writer;
      if (writerId && writerId !== OFFLINE && !deps.providers.isConfigured(writerId)) {
        throw new KoruError('BAD_INPUT', `${PROVIDER_NAMES[writerId]} has no API key for its endpoint — add one in Settings → Providers, or use the offline templates.`);
      }
      const writer = id !== OFFLINE && deps.providers.isConfigured(id) ? deps.providers.writer(id) : null;
      return writeText(kind, { mantra, count: stats(mantraId, 1).today.count }, writer, { variant, log: deps.log, signal: AbortSignal.timeout(60_000) });
    },

    bell: () => bellWav(),

    /** Voiced practice through the player; the round continues where today's mala stands. */
    async play(mantraId: string): Promise<PlaybackStatus> {
      if (!deps.player) throw new KoruError('NO_DEVICE', 'No audio player is available here.');
      const mantra = get(mantraId);
      const s = settings(mantraId);
      const voiced = await voicedPractice(voicedDeps, { text: mantra.text, settings: s, startBead: repo.bead(mantraId) % s.roundSize }, AbortSignal.timeout(120_000));
      const session = asSession(mantra, s, voiced.durationSec);
      const status = await deps.player.start(session, { spec: voiced.spec });
      // After the start: a late status of what played before must not end the listening. The
      // first repetition comes after the lead-in, well after this.
      listening = { sessionId: session.id, mantraId, plan: voiced.plan, last: -1 };
      return status;
    },

    /** The app's event hub calls this with every event: repetitions heard are counted. */
    onEvent(name: string, payload: unknown): void {
      if (name !== 'playback.status' || !listening) return;
      const status = payload as PlaybackStatus;
      const l = listening;
      if (status.sessionId !== l.sessionId) {
        listening = null; // stopped, or something else plays now
        return;
      }
      const item = status.spoken?.item;
      if (item === undefined || item <= l.last) return;
      l.last = item;
      if (l.plan[item] !== 'mantra') return;
      try {
        count(l.mantraId, 1);
      } catch (err) {
        deps.log('warn', 'practice: a voiced repetition could not be counted', err);
      }
    },

    /** The mantra's voiced practice to a file (default: the export folder). */
    async export(mantraId: string, format: ExportFormat, exportId?: string) {
      const mantra = get(mantraId);
      mkdirSync(deps.exportDir, { recursive: true });
      return renderToFile(mantra.text, settings(mantraId), format, exportPath(deps.exportDir, mantra.text, mantraId, format, 'mantra'), { ...(exportId ? { exportId } : {}) });
    },

    /** Any text, voiced and rendered (the CLI): `settings` over the defaults. */
    async renderText(text: string, patch: unknown, format: ExportFormat, path: string, watch: { onProgress?: (f: number) => void; onPlanned?: (durationSec: number) => void } = {}) {
      const t = parse(MantraDraft.shape.text, text, 'mantra');
      const s = parse(PracticeSettings, { ...PRACTICE_DEFAULTS, ...parse(PracticeSettingsPatch, patch, 'practice settings') }, 'practice settings');
      return renderToFile(t, s, format, path, watch);
    },
  };
}

export type PracticeService = ReturnType<typeof createPracticeService>;
