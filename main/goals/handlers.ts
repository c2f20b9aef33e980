/** The goal, task and journal channels bound to the service: one line each. Changes made on the
 *  Goals page belong to the open conversation, if there is one (it tells of them). */
import type { goalChannels } from '../../contract/goals';
import type { HandlersOf } from '../ipc';
import type { GoalsService } from './service';

export type GoalHandlers = HandlersOf<typeof goalChannels>;

export function buildGoalHandlers({ goals: g, openSession }: { goals: GoalsService; openSession: () => string | null }): GoalHandlers {
  const s = openSession;
  return {
    'goals.list': () => g.listGoals(),
    'goals.update': ({ id, patch }) => ({ action: g.updateGoal(id, patch, s()) }),
    'goals.complete': ({ id, done }) => ({ action: g.completeGoal(id, done, s()) }),
    'goals.delete': ({ id }) => ({ action: g.deleteGoal(id, s()) }),
    'goals.milestone': ({ goalId, milestoneId, done }) => ({ action: g.toggleMilestone(goalId, milestoneId, done, s()) }),
    'tasks.list': ({ date }) => g.listTasks(date),
    'tasks.update': ({ id, patch }) => ({ action: g.updateTask(id, patch, s()) }),
    'tasks.complete': ({ id, done }) => ({ action: g.completeTask(id, done, s()) }),
    'tasks.delete': ({ id }) => ({ action: g.deleteTask(id, s()) }),
    'actions.list': ({ limit }) => g.actions(limit),
    'actions.undo': async ({ id }) => ({ action: await g.undo(id, s()) }),
  };
}
