import { KoruError } from '../../contract/errors';
import type { Db } from './migrations/types';

/** Goals, their milestones and tasks (tables from migration 009), as rows; the goals service
 *  turns them into the contract's shapes (due times in the profile's zone, progress). */
export interface GoalRow {
  id: string;
  statement: string;
  timeline: string;
  target_date: string | null;
  status: 'active' | 'done';
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}
export interface MilestoneRow {
  id: string;
  goal_id: string;
  week: number;
  title: string;
  due: string | null;
  done: 0 | 1;
}
export interface TaskRow {
  id: string;
  title: string;
  due_at: string;
  duration_minutes: number | null;
  goal_id: string | null;
  done_at: string | null;
  created_at: string;
  updated_at: string;
}
/** A goal with its milestones: what a snapshot (undo) restores. */
export interface GoalRecord {
  goal: GoalRow;
  milestones: MilestoneRow[];
}

export interface GoalsRepo {
  goals(): GoalRecord[];
  goal(id: string): GoalRecord | null;
  /** Inserts or replaces a goal with exactly these milestones. */
  putGoal(r: GoalRecord): void;
  deleteGoal(id: string): boolean;
  tasks(): TaskRow[];
  /** Tasks due in [from, to) (UTC instants). */
  tasksBetween(from: string, to: string): TaskRow[];
  task(id: string): TaskRow | null;
  putTask(t: TaskRow): void;
  deleteTask(id: string): boolean;
  /** Runs `fn` in one transaction (a change and its journal entry land together). */
  atomically<T>(fn: () => T): T;
}

function storage(what: string, err: unknown): KoruError {
  return err instanceof KoruError ? err : new KoruError('STORAGE', `Could not ${what}: ${(err as Error).message}`);
}

export function createGoalsRepo(db: Db): GoalsRepo {
  const allGoals = db.prepare<[], GoalRow>(`SELECT * FROM goals ORDER BY status = 'done', created_at DESC`);
  const oneGoal = db.prepare<[string], GoalRow>('SELECT * FROM goals WHERE id = ?');
  const milestonesOf = db.prepare<[string], MilestoneRow>('SELECT * FROM goal_milestones WHERE goal_id = ? ORDER BY week, rowid');
  const upsertGoal = db.prepare(
    `INSERT INTO goals (id, statement, timeline, target_date, status, created_at, updated_at, completed_at)
     VALUES (@id, @statement, @timeline, @target_date, @status, @created_at, @updated_at, @completed_at)
     ON CONFLICT (id) DO UPDATE SET statement = excluded.statement, timeline = excluded.timeline, target_date = excluded.target_date,
       status = excluded.status, updated_at = excluded.updated_at, completed_at = excluded.completed_at`,
  );
  const clearMilestones = db.prepare<[string]>('DELETE FROM goal_milestones WHERE goal_id = ?');
  const addMilestone = db.prepare('INSERT INTO goal_milestones (id, goal_id, week, title, due, done) VALUES (@id, @goal_id, @week, @title, @due, @done)');
  const delGoal = db.prepare<[string]>('DELETE FROM goals WHERE id = ?');
  const allTasks = db.prepare<[], TaskRow>('SELECT * FROM tasks ORDER BY due_at');
  const between = db.prepare<[string, string], TaskRow>('SELECT * FROM tasks WHERE due_at >= ? AND due_at < ? ORDER BY due_at');
  const oneTask = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?');
  const upsertTask = db.prepare(
    `INSERT INTO tasks (id, title, due_at, duration_minutes, goal_id, done_at, created_at, updated_at)
     VALUES (@id, @title, @due_at, @duration_minutes, @goal_id, @done_at, @created_at, @updated_at)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, due_at = excluded.due_at, duration_minutes = excluded.duration_minutes,
       goal_id = excluded.goal_id, done_at = excluded.done_at, updated_at = excluded.updated_at`,
  );
  const delTask = db.prepare<[string]>('DELETE FROM tasks WHERE id = ?');

  const record = (g: GoalRow): GoalRecord => ({ goal: g, milestones: milestonesOf.all(g.id) });
  const putGoal = db.transaction((r: GoalRecord) => {
    upsertGoal.run(r.goal);
    clearMilestones.run(r.goal.id);
    for (const m of r.milestones) addMilestone.run(m);
  });

  return {
    goals: () => allGoals.all().map(record),
    goal(id) {
      const g = oneGoal.get(id);
      return g ? record(g) : null;
    },
    putGoal(r) {
      try {
        putGoal(r);
      } catch (err) {
        throw storage('save the goal', err);
      }
    },
    deleteGoal: (id) => delGoal.run(id).changes > 0,
    tasks: () => allTasks.all(),
    tasksBetween: (from, to) => between.all(from, to),
    task: (id) => oneTask.get(id) ?? null,
    putTask(t) {
      try {
        upsertTask.run(t);
      } catch (err) {
        throw storage('save the task', err);
      }
    },
    deleteTask: (id) => delTask.run(id).changes > 0,
    atomically: (fn) => db.transaction(fn)(),
  };
}
