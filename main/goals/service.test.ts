/** Goals, tasks and the journal on a real database: progress, zones, matching, and undo
 *  restoring exactly what a change touched. */
import { describe, expect, it } from 'vitest';
import { createAssistantRepo, createGoalsRepo, openDatabase } from '../storage';
import { createGoalsService } from './service';
import type { Action } from '../../contract/goals';

function setup(zone = 'America/New_York') {
  const db = openDatabase(':memory:');
  const told: Action[] = [];
  const goals = createGoalsService({ repo: createGoalsRepo(db), journal: createAssistantRepo(db), timeZone: () => zone, now: () => new Date('2026-03-02T15:00:00Z'), onAction: (a) => told.push(a) });
  return { goals, told, db };
}

describe('goals and tasks', () => {
  it('progress follows milestones; due times go out with the zone’s offset, across a clock change', () => {
    const { goals } = setup();
    const { goal } = goals.createGoal({ statement: 'Learn Spanish', timeline: 'three months', targetDate: '2026-06-02', milestones: ['Greetings', 'Numbers'] }, null);
    goals.toggleMilestone(goal.id, goal.milestones[0]!.id, true, null);
    expect(goals.goal(goal.id).progress).toBe(0.5);
    goals.createTask({ title: 'Lesson', dueMs: Date.parse('2026-03-09T13:00:00Z'), durationMinutes: 45, goalId: goal.id }, null); // after the US clock change
    goals.createTask({ title: 'Review', dueMs: Date.parse('2026-03-03T14:00:00Z'), durationMinutes: null, goalId: null }, null);
    const view = goals.listTasks();
    expect(view.today).toBe('2026-03-02');
    expect(view.tasks.map((t) => [t.title, t.due, t.goalStatement])).toEqual([
      ['Review', '2026-03-03T09:00:00-05:00', null],
      ['Lesson', '2026-03-09T09:00:00-04:00', 'Learn Spanish'],
    ]);
    expect(goals.listTasks('2026-03-09').tasks.map((t) => t.title)).toEqual(['Lesson']);
  });

  it('matches a task by words, says when several match, and ignores done ones', () => {
    const { goals } = setup();
    const a = goals.createTask({ title: 'Morning run', dueMs: Date.parse('2026-03-03T11:00:00Z'), durationMinutes: 30, goalId: null }, null).task;
    goals.createTask({ title: 'Evening run with Sam', dueMs: Date.parse('2026-03-03T23:00:00Z'), durationMinutes: 30, goalId: null }, null);
    goals.createTask({ title: 'Spanish lesson', dueMs: Date.parse('2026-03-04T23:00:00Z'), durationMinutes: 30, goalId: null }, null);
    expect(goals.matchTask('my run').kind).toBe('many');
    expect(goals.matchTask('the spanish lesson')).toMatchObject({ kind: 'one', task: { title: 'Spanish lesson' } });
    expect(goals.matchTask('taxes').kind).toBe('none');
    goals.completeTask(a.id, true, null);
    expect(goals.matchTask('my run')).toMatchObject({ kind: 'one', task: { title: 'Evening run with Sam' } });
  });

  it('undoing a goal’s deletion brings back its milestones and its tasks’ links; every change is told', async () => {
    const { goals, told } = setup();
    const { goal } = goals.createGoal({ statement: 'Run a marathon', timeline: 'by October', targetDate: '2026-10-01', milestones: ['5 km', '10 km', 'Half'] }, null);
    const { task } = goals.createTask({ title: 'Long run', dueMs: Date.parse('2026-03-07T14:00:00Z'), durationMinutes: 90, goalId: goal.id }, null);
    const del = goals.deleteGoal(goal.id, null);
    expect(goals.listGoals()).toEqual([]);
    expect(goals.task(task.id).goalId).toBeNull();
    await goals.undo(del.id, null);
    expect(goals.listGoals().map((g) => [g.statement, g.milestones.length])).toEqual([['Run a marathon', 3]]);
    expect(goals.task(task.id).goalId).toBe(goal.id);
    expect(told.map((a) => a.kind)).toEqual(['goal.create', 'task.create', 'goal.delete', 'undo']);
    await expect(goals.undo(del.id, null)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('external actions are undone by what registered them; unknown ones refuse', async () => {
    const { goals } = setup();
    const stopped: string[] = [];
    goals.registerUndo('sound', (d) => void stopped.push((d as { sessionId: string }).sessionId));
    const a = goals.record('sound.start', 'Playing Theta descent for 20 minutes', 'assistant-theta-deep', null, { kind: 'sound', data: { sessionId: 'assistant-theta-deep' } });
    await goals.undo(a.id, null);
    expect(stopped).toEqual(['assistant-theta-deep']);
    const b = goals.record('ritual.create', 'Ritual started', 'r1', null, { kind: 'ritual', data: { id: 'r1' } });
    await expect(goals.undo(b.id, null)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
