import { z } from 'zod';
import type { ChannelMap, EventMap } from './channel-map';
import { Id } from './session';

/**
 * Goals and tasks: what the assistant's function calls create (and the Goals page edits). A goal
 * has weekly milestones; a task has a due time (stored as an instant, shown in the profile's time
 * zone), a length and maybe a goal. Every change is an action in the journal, undoable, and told
 * in the open conversation.
 */

export const GOAL_TEXT_MAX = 300;
export const TASK_TITLE_MAX = 200;
/** Milestones one goal may hold: a weekly plan of up to two years. */
export const MILESTONES_MAX = 104;
export const TASK_MINUTES_MAX = 24 * 60;
/** Tasks one list answers at most. */
export const TASKS_LIST_MAX = 2000;

const Text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} cannot be empty`)
    .max(max, `the ${what} may be at most ${max} characters`);

/** A calendar date, YYYY-MM-DD. */
export const DateOnly = z
  .string()
  .max(10)
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');

/** An instant with its offset, e.g. 2026-03-03T07:00:00+01:00 (the profile's zone when Koru writes it). */
export const DueTime = z.iso
  .datetime({ offset: true, message: 'a time must be an ISO 8601 date-time, e.g. 2026-03-03T07:00:00+01:00' })
  .max(40, 'a time must be an ISO 8601 date-time of at most 40 characters');

export const Milestone = z.object({
  id: Id,
  /** Week of the plan it belongs to, from 1. */
  week: z.number().int().min(1).max(MILESTONES_MAX),
  title: z.string(),
  /** The last day of that week. */
  due: DateOnly.nullable(),
  done: z.boolean(),
});
export type Milestone = z.infer<typeof Milestone>;

export const Goal = z.object({
  id: Id,
  statement: z.string(),
  /** As it was said: "in three months", "by June". */
  timeline: z.string(),
  targetDate: DateOnly.nullable(),
  status: z.enum(['active', 'done']),
  milestones: z.array(Milestone).max(MILESTONES_MAX),
  /** Done milestones (or, without any, done linked tasks) over all of them; 1 once completed. */
  progress: z.number().min(0).max(1),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Goal = z.infer<typeof Goal>;

export const Task = z.object({
  id: Id,
  title: z.string(),
  due: DueTime,
  durationMinutes: z.number().int().min(1).max(TASK_MINUTES_MAX).nullable(),
  goalId: Id.nullable(),
  goalStatement: z.string().nullable(),
  done: z.boolean(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof Task>;

/** One change in the journal: what it did in words, and whether it was undone. */
export const ActionKind = z.enum(['goal.create', 'goal.update', 'goal.complete', 'goal.delete', 'milestone.toggle', 'task.create', 'task.update', 'task.reschedule', 'task.complete', 'task.delete', 'sound.start', 'ritual.create', 'undo']);
export type ActionKind = z.infer<typeof ActionKind>;

export const Action = z.object({
  id: Id,
  kind: ActionKind,
  /** "Goal created: Learn Spanish". */
  summary: z.string(),
  /** The goal, task, ritual or session it touched. */
  targetId: z.string().nullable(),
  undoable: z.boolean(),
  undone: z.boolean(),
  at: z.string(),
  sessionId: Id.nullable(),
});
export type Action = z.infer<typeof Action>;

const GoalPatch = z
  .object({
    statement: Text('goal', GOAL_TEXT_MAX),
    timeline: z.string().trim().max(120),
    targetDate: DateOnly.nullable(),
  })
  .partial()
  .strict();

const TaskPatch = z
  .object({
    title: Text('task', TASK_TITLE_MAX),
    due: DueTime,
    durationMinutes: z.number().int().min(1).max(TASK_MINUTES_MAX).nullable(),
  })
  .partial()
  .strict();

const Changed = z.object({ action: Action });
const ById = z.object({ id: Id }).strict();
const Empty = z.object({}).strict().default({});

export const TasksView = z.object({
  /** The profile's zone, which `due` times and `date` are in. */
  timeZone: z.string(),
  today: DateOnly,
  tasks: z.array(Task).max(TASKS_LIST_MAX),
});
export type TasksView = z.infer<typeof TasksView>;

export const goalChannels = {
  /** Active goals first (newest first), then completed ones. */
  'goals.list': { input: Empty, output: z.array(Goal).max(1000) },
  'goals.update': { input: z.object({ id: Id, patch: GoalPatch }).strict(), output: Changed },
  /** Completes (or reopens) a goal. */
  'goals.complete': { input: z.object({ id: Id, done: z.boolean().default(true) }).strict(), output: Changed },
  'goals.delete': { input: ById, output: Changed },
  'goals.milestone': { input: z.object({ goalId: Id, milestoneId: Id, done: z.boolean() }).strict(), output: Changed },
  /** A day's tasks (`date`, in the profile's zone), else today's, overdue and upcoming open ones. */
  'tasks.list': { input: z.object({ date: DateOnly.optional() }).strict().default({}), output: TasksView },
  'tasks.update': { input: z.object({ id: Id, patch: TaskPatch }).strict(), output: Changed },
  'tasks.complete': { input: z.object({ id: Id, done: z.boolean().default(true) }).strict(), output: Changed },
  'tasks.delete': { input: ById, output: Changed },
  /** The latest changes, newest first. */
  'actions.list': { input: z.object({ limit: z.number().int().min(1).max(200).default(30) }).strict().default({ limit: 30 }), output: z.array(Action).max(200) },
  /** Undoes one change (its own undo is an action too, told in the conversation). */
  'actions.undo': { input: ById, output: Changed },
} as const satisfies ChannelMap;

export const goalEvents = {
  /** Goals, tasks or the journal changed (an action, an undo): pages refresh. */
  'goals.changed': { payload: z.object({ action: Action.nullable() }) },
} as const satisfies EventMap;
