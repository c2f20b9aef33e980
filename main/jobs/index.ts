/** Durable multi-step jobs (rituals now; stories, dubbing, mantras next). */
export { createJobRunner, type JobRunner, type JobRunnerOptions, type JobKind, type JobStep, type StepContext, type JobEmit } from './runner';
export { buildJobHandlers, type JobHandlers } from './handlers';
