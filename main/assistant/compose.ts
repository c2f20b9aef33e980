/** The assistant and goals built together (the app and the CLI share this): one journal, changes
 *  told in the open conversation, undo of sounds and rituals wired to what made them. */
import type { Action } from '../../contract/goals';
import type { Preset, PlaybackStatus, Session } from '../../contract/session';
import { createGoalsService, type GoalsService } from '../goals';
import type { Log } from '../log';
import { createAssistantRepo, createAssistantSettingsRepo, createGoalsRepo, type Db } from '../storage';
import { createConfigStore, type ConfigStore } from './config';
import { createExecutor } from './executor';
import { createAssistantService, type AssistantEmit, type AssistantService } from './service';

export interface AssistantPartsDeps {
  db: Db;
  dataDir: string;
  providers: AssistantDeps['providers'];
  /** The app's event hub (assistant.* and goals.changed). */
  emit: AssistantEmit & ((name: 'goals.changed', payload: { action: Action | null }) => unknown);
  log: Log;
  defaultTimeZone: () => string;
  presets: Preset[];
  play?: (session: Session) => Promise<PlaybackStatus>;
  stopSound?: (sessionId: string) => Promise<void>;
  makeRitual?: (intention: string, minutes: number) => Promise<{ id: string }>;
  deleteRitual?: (id: string) => Promise<void>;
  now?: () => Date;
  silent?: boolean;
}
type AssistantDeps = Parameters<typeof createAssistantService>[0];

export interface AssistantParts {
  assistant: AssistantService;
  goals: GoalsService;
  config: ConfigStore;
}

export function createAssistant(d: AssistantPartsDeps): AssistantParts {
  const repo = createAssistantRepo(d.db);
  const settings = createAssistantSettingsRepo(d.db);
  const config = createConfigStore(d.dataDir);
  const timeZone = () => settings.get().timeZone ?? d.defaultTimeZone();
  let assistant: AssistantService | null = null;
  const goals = createGoalsService({
    repo: createGoalsRepo(d.db),
    journal: repo,
    timeZone,
    ...(d.now ? { now: d.now } : {}),
    onAction: (action) => {
      assistant?.noteAction(action);
      d.emit('goals.changed', { action });
    },
  });
  if (d.stopSound) goals.registerUndo('sound', (data) => d.stopSound!((data as { sessionId: string }).sessionId));
  if (d.deleteRitual) goals.registerUndo('ritual', (data) => d.deleteRitual!((data as { id: string }).id));
  // Argument checkers are rebuilt only when the functions file in use changes.
  let cached: { text: string; v: ReturnType<ConfigStore['load']>['validators'] } | null = null;
  const validators = () => {
    const text = config.view('intents').text;
    if (cached?.text !== text) cached = { text, v: config.load().validators };
    return cached.v;
  };
  const executor = createExecutor({ goals, validators, timeZone, presets: d.presets, ...(d.now ? { now: d.now } : {}), ...(d.play ? { play: d.play } : {}), ...(d.makeRitual ? { makeRitual: d.makeRitual } : {}) });
  assistant = createAssistantService({ repo, settings, config, goals, executor, providers: d.providers, emit: d.emit, log: d.log, defaultTimeZone: d.defaultTimeZone, ...(d.now ? { now: d.now } : {}), ...(d.silent ? { silent: true } : {}) });
  return { assistant, goals, config };
}
