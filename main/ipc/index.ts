export { createRouter, describeIssues, issuesOf } from './router';
export type { CallContext, ChannelOutputInput, Handlers, Issue, Router } from './router';
export { createEventHub } from './events';
export type { EventHub, EventListener, EventPayloadInput } from './events';
export { silentLog } from './log';
export type { Log, LogLevel } from './log';
