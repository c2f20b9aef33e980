/** Goals with weekly milestones, tasks with due times in the profile's zone, and the journal of
 *  changes (every one undoable). The assistant's function calls and the Goals page both use it. */
export { createGoalsService, type GoalsService, type GoalsDeps, type NewGoal, type NewTask, type TaskMatch } from './service';
export { buildGoalHandlers, type GoalHandlers } from './handlers';
export { isoInZone, spokenTime, offsetMinutes, wallTime, localDay, localMidnight, addDays } from './time';
