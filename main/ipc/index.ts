export { createRouter } from './router';
export type { CallContext, ChannelOutputInput, Handlers, HandlersOf, Router } from './router';
export { cappedError } from './capped-error';
export { createEventHub } from './events';
export type { EventHub, EventListener, EventPayloadInput } from './events';
