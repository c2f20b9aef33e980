/**
 * Carries out one function call: checks the name, parses and validates the arguments against the
 * function's JSON schema (from intents.yaml), does it, and answers with the sentence the model
 * reads next. Bad calls never throw: the model gets an error sentence it can act on (retry with
 * fixed arguments, or ask the person).
 */
import * as chrono from 'chrono-node';
import Fuse from 'fuse.js';
import type { z } from 'zod';
import { FUNCTION_NAMES, type FunctionName } from '../../contract/assistant';
import type { Action } from '../../contract/goals';
import { formatIssues } from '../../contract/issues';
import type { PlaybackStatus, Preset, Session } from '../../contract/session';
import { addDays, localDay, offsetMinutes, spokenTime, wallTime, type GoalsService } from '../goals';
import { digitsFor, parseOffline } from './offline-parser';

export interface ExecutorDeps {
  goals: GoalsService;
  validators: () => Map<string, z.ZodType>;
  timeZone: () => string;
  now?: () => Date;
  presets: Preset[];
  /** Plays a session now (the player); absent in the CLI. */
  play?: (session: Session) => Promise<PlaybackStatus>;
  /** Starts writing and voicing a ritual (the ritual service); absent where there is none. */
  makeRitual?: (intention: string, minutes: number) => Promise<{ id: string }>;
}

export interface CallOutcome {
  /** What the model reads (and the offline assistant says). */
  result: string;
  action: Action | null;
  ok: boolean;
}

const fail = (result: string): CallOutcome => ({ result, action: null, ok: false });

/** What a preset is for, in the words people use for it. */
const PRESET_WORDS: Record<string, string> = {
  'theta-deep': 'theta meditation deep descent',
  'alpha-relax': 'alpha relax relaxation calm',
  'focus-iso': 'focus beta isochronic work concentration gamma',
  'sleep-noise': 'sleep delta noise brown night rest',
  bowls: 'bowls singing bowl om tibetan',
  solfeggio: 'solfeggio tones ladder 528',
  chakra: 'chakra journey',
  blessing: 'blessing',
};

export function createExecutor(d: ExecutorDeps) {
  const now = d.now ?? (() => new Date());
  const zone = () => d.timeZone();
  const presetIndex = new Fuse(
    d.presets.map((p) => ({ p, words: `${p.id} ${p.name} ${PRESET_WORDS[p.id] ?? ''} ${p.description}` })),
    { keys: ['words'], includeScore: true, threshold: 0.6, ignoreLocation: true },
  );

  /** A time as the model or the person gave it: ISO 8601, or words ("tomorrow at 7am"). */
  function when(text: string): number | null {
    if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
      const ms = Date.parse(text);
      if (!Number.isNaN(ms)) {
        // A time without an offset is a wall clock in the profile's zone.
        if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) return ms;
        const [y, m, dd, h, mi] = text.split(/[-T:]/).map(Number) as number[];
        return wallTime(y!, m!, dd!, h ?? 9, mi ?? 0, zone());
      }
    }
    const parsed = parseOffline(`remind me to x ${text}`, now(), zone());
    if (parsed?.name === 'create_task') return Date.parse(String(parsed.args.due));
    return null;
  }

  /** "three months", "by June" → the target date (YYYY-MM-DD) in the profile's zone. */
  function targetDate(timeline: string): string | null {
    const t = digitsFor(timeline);
    const phrase = /^\s*(by|before|until|in|within|over|for)\b/i.test(t) ? t : `in ${t}`;
    const ref = { instant: now(), timezone: offsetMinutes(now().getTime(), zone()) };
    const r = chrono.casual.parse(phrase.replace(/\b(over|within|for)\b/i, 'in').replace(/\bthe next\b/i, ''), ref, { forwardDate: true })[0];
    if (!r) return null;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${r.start.get('year')}-${pad(r.start.get('month')!)}-${pad(r.start.get('day')!)}`;
  }

  /** A weekly plan when the model proposed none (the offline assistant): one step a week. */
  function defaultMilestones(goal: string, target: string | null): string[] {
    const today = localDay(now().getTime(), zone());
    let weeks = 4;
    if (target) weeks = Math.max(1, Math.min(12, Math.round((Date.parse(target) - Date.parse(today)) / (7 * 86_400_000))));
    const lower = goal.charAt(0).toLowerCase() + goal.slice(1);
    return Array.from({ length: weeks }, (_, i) =>
      i === 0 ? `Set up a routine to ${lower}` : i === weeks - 1 ? `Look back at how far you have come` : `Keep going, a little every day`,
    );
  }

  async function carryOut(name: FunctionName, a: Record<string, unknown>, sessionId: string | null): Promise<CallOutcome> {
    switch (name) {
      case 'submit_goal_intent': {
        const statement = String(a.goal_statement).trim();
        const timeline = String(a.timeline).trim();
        const target = targetDate(timeline);
        const proposed = Array.isArray(a.milestones) ? a.milestones.map(String).filter((m) => m.trim() !== '') : [];
        const milestones = proposed.length ? proposed : defaultMilestones(statement, target);
        const { goal, action } = d.goals.createGoal({ statement, timeline, targetDate: target, milestones }, sessionId);
        const by = target ? `, target ${target}` : '';
        return { result: `Goal created: ${goal.statement}${by}, with ${goal.milestones.length} weekly milestones.`, action, ok: true };
      }
      case 'create_task': {
        const due = when(String(a.due));
        if (due === null) return fail(`Error: could not understand the time "${String(a.due)}". Call create_task again with due as ISO 8601 (e.g. ${addDays(localDay(now().getTime(), zone()), 1)}T07:00) or words like "tomorrow at 7am".`);
        const goal = typeof a.goal === 'string' && a.goal.trim() ? d.goals.matchGoal(a.goal) : null;
        const { task, action } = d.goals.createTask({ title: String(a.title).trim(), dueMs: due, durationMinutes: typeof a.duration_minutes === 'number' ? a.duration_minutes : null, goalId: goal?.id ?? null }, sessionId);
        return { result: `Task added: ${task.title}, ${spokenTime(due, zone())}${goal ? ` (for the goal ${goal.statement})` : ''}.`, action, ok: true };
      }
      case 'reschedule_task': {
        const due = when(String(a.new_time));
        if (due === null) return fail(`Error: could not understand the time "${String(a.new_time)}". Call reschedule_task again with new_time as ISO 8601 or words like "tomorrow at 7am".`);
        const match = d.goals.matchTask(String(a.task));
        if (match.kind === 'none') return fail(`No open task matches "${String(a.task)}". Ask the person which task they mean, or offer to add it.`);
        if (match.kind === 'many') {
          const list = match.tasks.slice(0, 4).map((t) => `${t.title} (${spokenTime(Date.parse(t.due_at), zone())})`);
          return fail(`${match.tasks.length} tasks match "${String(a.task)}": ${list.join(' and ')}. Ask the person which one they mean; nothing was moved.`);
        }
        const { task, action } = d.goals.reschedule(match.task.id, due, sessionId);
        return { result: `Moved ${task.title} to ${spokenTime(due, zone())}.`, action, ok: true };
      }
      case 'start_sound_session': {
        const hit = presetIndex.search(String(a.preset))[0];
        if (!hit) return fail(`Error: no sound session matches "${String(a.preset)}". The presets are: ${d.presets.map((p) => p.name).join(', ')}. Call again with one of them.`);
        if (!d.play) return fail('Sound sessions cannot play here (no audio output in this command). Tell the person to use the app.');
        const minutes = Number(a.minutes);
        const at = now().toISOString();
        const session: Session = { ...hit.item.p.draft, id: `assistant-${hit.item.p.id}`.slice(0, 64), durationSec: minutes * 60, createdAt: at, updatedAt: at };
        await d.play(session);
        const action = d.goals.record('sound.start', `Playing ${hit.item.p.name} for ${minutes} minutes`, session.id, sessionId, { kind: 'sound', data: { sessionId: session.id } });
        return { result: `Now playing ${hit.item.p.name} for ${minutes} minutes.`, action, ok: true };
      }
      case 'create_ritual': {
        if (!d.makeRitual) return fail('Rituals cannot be made here. Tell the person to use the Rituals page.');
        const intention = String(a.intention).trim();
        const minutes = Number(a.minutes);
        const { id } = await d.makeRitual(intention, minutes);
        const action = d.goals.record('ritual.create', `Ritual started: ${intention} (${minutes} minutes)`, id, sessionId, { kind: 'ritual', data: { id } });
        return { result: `I am writing and voicing a ${minutes}-minute ritual for ${intention}; it will be on the Rituals page in a moment.`, action, ok: true };
      }
    }
  }

  return {
    async run(call: { name: string; arguments: string }, sessionId: string | null): Promise<CallOutcome> {
      if (!(FUNCTION_NAMES as readonly string[]).includes(call.name)) {
        return fail(`Error: there is no function named "${call.name}". The functions are: ${FUNCTION_NAMES.join(', ')}.`);
      }
      const name = call.name as FunctionName;
      const validator = d.validators().get(name);
      if (!validator) return fail(`Error: ${name} is switched off in this assistant's configuration.`);
      let args: unknown;
      try {
        args = JSON.parse(call.arguments || '{}');
      } catch (err) {
        return fail(`Error: the arguments of ${name} are not valid JSON (${(err as Error).message}). Call it again with a JSON object.`);
      }
      const checked = validator.safeParse(args);
      if (!checked.success) return fail(`Error: ${name} was called with invalid arguments: ${formatIssues(checked.error).message} Call it again with corrected arguments.`);
      try {
        return await carryOut(name, checked.data as Record<string, unknown>, sessionId);
      } catch (err) {
        return fail(`Error: ${name} could not be carried out: ${(err as Error).message}`);
      }
    },
  };
}

export type Executor = ReturnType<typeof createExecutor>;
