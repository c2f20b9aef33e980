/** Goals, milestones and tasks, with a journal: every change is an action that says what it did,
 *  can be undone (a snapshot of what it touched is restored), and is told to whoever listens (the
 *  open conversation, the pages). */
import { randomUUID } from 'node:crypto';
import Fuse from 'fuse.js';
import { KoruError } from '../../contract/errors';
import { Action, type ActionKind, type Goal, type Task, type TasksView } from '../../contract/goals';
import type { ActionRow, AssistantRepo, GoalRecord, GoalsRepo, MilestoneRow, TaskRow } from '../storage';
import { addDays, isoInZone, localDay, localMidnight, spokenTime } from './time';

export interface GoalsDeps {
  repo: GoalsRepo;
  /** The action journal lives with the assistant's sessions (one table for every change). */
  journal: Pick<AssistantRepo, 'addAction' | 'action' | 'actions' | 'markUndone'>;
  timeZone: () => string;
  now?: () => Date;
  /** Told of every change (the app: the open conversation logs it, pages refresh). */
  onAction?: (action: Action) => void;
}

/** What undoing an action restores. Goal and task snapshots are restored here; other kinds
 *  (a sound session started, a ritual made) are undone by whoever registered them. */
type Undo = { goals?: Array<{ id: string; before: GoalRecord | null }>; tasks?: Array<{ id: string; before: TaskRow | null }>; external?: { kind: string; data: unknown } };

export interface NewGoal {
  statement: string;
  timeline: string;
  targetDate: string | null;
  /** Weekly milestones, first week first. */
  milestones: string[];
}

export interface NewTask {
  title: string;
  dueMs: number;
  durationMinutes: number | null;
  goalId: string | null;
}

/** Words that say nothing about which task is meant ("my run", "the lesson"). */
const FILLER = new Set(['my', 'the', 'a', 'an', 'this', 'that', 'our', 'your', 'task', 'appointment', 'session']);
/** Two tasks whose match scores are this close are both meant as far as Koru can tell. */
const AMBIGUOUS_GAP = 0.1;
const MATCH_THRESHOLD = 0.45;

export type TaskMatch = { kind: 'one'; task: TaskRow } | { kind: 'many'; tasks: TaskRow[] } | { kind: 'none' };

export function createGoalsService(d: GoalsDeps) {
  const now = d.now ?? (() => new Date());
  const undoers = new Map<string, (data: unknown) => Promise<void> | void>();
  const iso = () => now().toISOString();

  function toGoal(r: GoalRecord): Goal {
    const linked = d.repo.tasks().filter((t) => t.goal_id === r.goal.id);
    const total = r.milestones.length || linked.length;
    const done = r.milestones.length ? r.milestones.filter((m) => m.done).length : linked.filter((t) => t.done_at).length;
    return {
      id: r.goal.id,
      statement: r.goal.statement,
      timeline: r.goal.timeline,
      targetDate: r.goal.target_date,
      status: r.goal.status,
      milestones: r.milestones.map((m) => ({ id: m.id, week: m.week, title: m.title, due: m.due, done: m.done === 1 })),
      progress: r.goal.status === 'done' ? 1 : total ? done / total : 0,
      createdAt: r.goal.created_at,
      completedAt: r.goal.completed_at,
    };
  }

  function toTask(t: TaskRow): Task {
    const goal = t.goal_id ? d.repo.goal(t.goal_id) : null;
    return {
      id: t.id,
      title: t.title,
      due: isoInZone(Date.parse(t.due_at), d.timeZone()),
      durationMinutes: t.duration_minutes,
      goalId: t.goal_id,
      goalStatement: goal?.goal.statement ?? null,
      done: t.done_at !== null,
      createdAt: t.created_at,
    };
  }

  function toAction(a: ActionRow): Action {
    return Action.parse({
      id: a.id,
      kind: a.kind,
      summary: a.summary,
      targetId: a.target_id,
      undoable: a.undo !== null && a.undone_at === null,
      undone: a.undone_at !== null,
      at: a.at,
      sessionId: a.session_id,
    });
  }

  /** Applies a change and journals it in one transaction; then tells the listeners. */
  function act(kind: ActionKind, summary: string, targetId: string | null, sessionId: string | null, undo: Undo | null, change: () => void): Action {
    const row: ActionRow = { id: randomUUID(), session_id: sessionId, kind, summary, target_id: targetId, undo: undo ? JSON.stringify(undo) : null, undone_at: null, at: iso() };
    d.repo.atomically(() => {
      change();
      d.journal.addAction(row);
    });
    const action = toAction(row);
    d.onAction?.(action);
    return action;
  }

  function goalRecord(id: string): GoalRecord {
    const r = d.repo.goal(id);
    if (!r) throw new KoruError('NOT_FOUND', 'That goal no longer exists.', { id });
    return r;
  }
  function taskRow(id: string): TaskRow {
    const t = d.repo.task(id);
    if (!t) throw new KoruError('NOT_FOUND', 'That task no longer exists.', { id });
    return t;
  }
  const goalSnap = (id: string): Undo => ({ goals: [{ id, before: d.repo.goal(id) }] });
  const taskSnap = (id: string): Undo => ({ tasks: [{ id, before: d.repo.task(id) }] });

  function milestonesFor(goalId: string, titles: string[], startDay: string): MilestoneRow[] {
    return titles.slice(0, 104).map((title, i) => ({ id: randomUUID(), goal_id: goalId, week: i + 1, title: title.slice(0, 300), due: addDays(startDay, 7 * (i + 1) - 1), done: 0 as const }));
  }

  function fuse(rows: TaskRow[]) {
    return new Fuse(rows, { keys: ['title'], includeScore: true, threshold: MATCH_THRESHOLD, ignoreLocation: true });
  }

  return {
    listGoals: (): Goal[] => d.repo.goals().map(toGoal),
    goal: (id: string): Goal => toGoal(goalRecord(id)),

    /** A day's tasks, or (no date) today's, the overdue open ones and the next upcoming ones. */
    listTasks(date?: string): TasksView {
      const zone = d.timeZone();
      const today = localDay(now().getTime(), zone);
      let rows: TaskRow[];
      if (date) {
        rows = d.repo.tasksBetween(new Date(localMidnight(date, zone)).toISOString(), new Date(localMidnight(addDays(date, 1), zone)).toISOString());
      } else {
        const start = localMidnight(today, zone);
        rows = d.repo.tasks().filter((t) => Date.parse(t.due_at) >= start || t.done_at === null);
      }
      return { timeZone: zone, today, tasks: rows.slice(0, 2000).map(toTask) };
    },
    task: (id: string): Task => toTask(taskRow(id)),

    createGoal(g: NewGoal, sessionId: string | null): { goal: Goal; action: Action } {
      const id = randomUUID();
      const at = iso();
      const start = localDay(now().getTime(), d.timeZone());
      const record: GoalRecord = {
        goal: { id, statement: g.statement.slice(0, 300), timeline: g.timeline.slice(0, 120), target_date: g.targetDate, status: 'active', created_at: at, updated_at: at, completed_at: null },
        milestones: milestonesFor(id, g.milestones, start),
      };
      const action = act('goal.create', `Goal created: ${record.goal.statement}`, id, sessionId, { goals: [{ id, before: null }] }, () => d.repo.putGoal(record));
      return { goal: toGoal(record), action };
    },

    createTask(t: NewTask, sessionId: string | null): { task: Task; action: Action } {
      const id = randomUUID();
      const at = iso();
      const row: TaskRow = { id, title: t.title.slice(0, 200), due_at: new Date(t.dueMs).toISOString(), duration_minutes: t.durationMinutes, goal_id: t.goalId, done_at: null, created_at: at, updated_at: at };
      const when = spokenTime(t.dueMs, d.timeZone());
      const action = act('task.create', `Task added: ${row.title}, ${when}`, id, sessionId, { tasks: [{ id, before: null }] }, () => d.repo.putTask(row));
      return { task: toTask(row), action };
    },

    /** The open tasks a phrase like "my run" may mean: one, several (ask back), or none. */
    matchTask(phrase: string): TaskMatch {
      const words = phrase.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter((w) => w && !FILLER.has(w));
      const open = d.repo.tasks().filter((t) => t.done_at === null);
      if (words.length === 0 || open.length === 0) return { kind: 'none' };
      const hits = fuse(open).search(words.join(' '));
      const best = hits[0];
      if (!best) return { kind: 'none' };
      const close = hits.filter((h) => (h.score ?? 1) - (best.score ?? 0) < AMBIGUOUS_GAP);
      return close.length > 1 ? { kind: 'many', tasks: close.map((h) => h.item) } : { kind: 'one', task: best.item };
    },

    /** The goal a phrase names, if exactly one fits. */
    matchGoal(phrase: string): Goal | null {
      const active = d.repo.goals().filter((g) => g.goal.status === 'active');
      const hits = new Fuse(active, { keys: ['goal.statement'], includeScore: true, threshold: MATCH_THRESHOLD, ignoreLocation: true }).search(phrase);
      return hits[0] ? toGoal(hits[0].item) : null;
    },

    reschedule(taskId: string, dueMs: number, sessionId: string | null): { task: Task; action: Action } {
      const before = taskRow(taskId);
      const row = { ...before, due_at: new Date(dueMs).toISOString(), updated_at: iso() };
      const action = act('task.reschedule', `Moved ${row.title} to ${spokenTime(dueMs, d.timeZone())}`, taskId, sessionId, taskSnap(taskId), () => d.repo.putTask(row));
      return { task: toTask(row), action };
    },

    updateGoal(id: string, patch: { statement?: string; timeline?: string; targetDate?: string | null }, sessionId: string | null): Action {
      const r = goalRecord(id);
      const goal = { ...r.goal, updated_at: iso(), ...(patch.statement !== undefined ? { statement: patch.statement } : {}), ...(patch.timeline !== undefined ? { timeline: patch.timeline } : {}), ...(patch.targetDate !== undefined ? { target_date: patch.targetDate } : {}) };
      return act('goal.update', `Goal edited: ${goal.statement}`, id, sessionId, goalSnap(id), () => d.repo.putGoal({ goal, milestones: r.milestones }));
    },

    completeGoal(id: string, done: boolean, sessionId: string | null): Action {
      const r = goalRecord(id);
      const goal = { ...r.goal, status: done ? ('done' as const) : ('active' as const), completed_at: done ? iso() : null, updated_at: iso() };
      return act('goal.complete', done ? `Goal completed: ${goal.statement}` : `Goal reopened: ${goal.statement}`, id, sessionId, goalSnap(id), () => d.repo.putGoal({ goal, milestones: r.milestones }));
    },

    deleteGoal(id: string, sessionId: string | null): Action {
      const r = goalRecord(id);
      // Tasks linked to it lose the link (ON DELETE SET NULL): keep them in the snapshot too.
      const linked = d.repo.tasks().filter((t) => t.goal_id === id);
      const undo: Undo = { goals: [{ id, before: r }], tasks: linked.map((t) => ({ id: t.id, before: t })) };
      return act('goal.delete', `Goal deleted: ${r.goal.statement}`, id, sessionId, undo, () => d.repo.deleteGoal(id));
    },

    toggleMilestone(goalId: string, milestoneId: string, done: boolean, sessionId: string | null): Action {
      const r = goalRecord(goalId);
      const m = r.milestones.find((x) => x.id === milestoneId);
      if (!m) throw new KoruError('NOT_FOUND', 'That milestone no longer exists.', { milestoneId });
      const milestones = r.milestones.map((x) => (x.id === milestoneId ? { ...x, done: done ? (1 as const) : (0 as const) } : x));
      return act('milestone.toggle', `${done ? 'Milestone done' : 'Milestone reopened'}: ${m.title}`, goalId, sessionId, goalSnap(goalId), () => d.repo.putGoal({ goal: { ...r.goal, updated_at: iso() }, milestones }));
    },

    updateTask(id: string, patch: { title?: string; due?: string; durationMinutes?: number | null }, sessionId: string | null): Action {
      const t = taskRow(id);
      const row: TaskRow = {
        ...t,
        updated_at: iso(),
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.due !== undefined ? { due_at: new Date(Date.parse(patch.due)).toISOString() } : {}),
        ...(patch.durationMinutes !== undefined ? { duration_minutes: patch.durationMinutes } : {}),
      };
      return act('task.update', `Task edited: ${row.title}`, id, sessionId, taskSnap(id), () => d.repo.putTask(row));
    },

    completeTask(id: string, done: boolean, sessionId: string | null): Action {
      const t = taskRow(id);
      const row = { ...t, done_at: done ? iso() : null, updated_at: iso() };
      return act('task.complete', done ? `Task done: ${t.title}` : `Task reopened: ${t.title}`, id, sessionId, taskSnap(id), () => d.repo.putTask(row));
    },

    deleteTask(id: string, sessionId: string | null): Action {
      const t = taskRow(id);
      return act('task.delete', `Task deleted: ${t.title}`, id, sessionId, taskSnap(id), () => d.repo.deleteTask(id));
    },

    /** Journals an action done elsewhere (a sound session, a ritual) with its own undo. */
    record(kind: ActionKind, summary: string, targetId: string | null, sessionId: string | null, external: { kind: string; data: unknown } | null): Action {
      return act(kind, summary, targetId, sessionId, external ? { external } : null, () => undefined);
    },
    /** How to undo external actions of one kind. */
    registerUndo(kind: string, fn: (data: unknown) => Promise<void> | void): void {
      undoers.set(kind, fn);
    },

    actions: (limit = 30): Action[] => d.journal.actions(limit).map(toAction),

    async undo(actionId: string, sessionId: string | null): Promise<Action> {
      const a = d.journal.action(actionId);
      if (!a) throw new KoruError('NOT_FOUND', 'That change is not in the journal.', { actionId });
      if (a.undone_at) throw new KoruError('CONFLICT', 'That change was already undone.');
      if (!a.undo) throw new KoruError('BAD_INPUT', 'That change cannot be undone.');
      const undo = JSON.parse(a.undo) as Undo;
      if (undo.external) {
        const fn = undoers.get(undo.external.kind);
        if (!fn) throw new KoruError('BAD_INPUT', 'That change cannot be undone here.');
        await fn(undo.external.data);
      }
      const row: ActionRow = { id: randomUUID(), session_id: sessionId, kind: 'undo', summary: `Undone: ${a.summary}`, target_id: a.target_id, undo: null, undone_at: null, at: iso() };
      d.repo.atomically(() => {
        for (const g of undo.goals ?? []) {
          if (g.before) d.repo.putGoal(g.before);
          else d.repo.deleteGoal(g.id);
        }
        for (const t of undo.tasks ?? []) {
          if (t.before) d.repo.putTask(t.before);
          else d.repo.deleteTask(t.id);
        }
        d.journal.markUndone(a.id, row.at);
        d.journal.addAction(row);
      });
      const action = toAction(row);
      d.onAction?.(action);
      return action;
    },
  };
}

export type GoalsService = ReturnType<typeof createGoalsService>;
