import type { z } from 'zod';
import { events, formatIssues, isEventName, type EventName, type Events } from '../../contract';
import { silentLog, type Log } from '../log';

/** What an emitter may pass: the zod input of the payload schema. */
export type EventPayloadInput<E extends EventName> = z.input<Events[E]['payload']>;

/** Receives every validated event; the payload is the schema's parsed output. */
export type EventListener = (name: EventName, payload: unknown) => void;

export interface EventHub {
  /** Validates and fans out; returns false (and logs) when the event was dropped. */
  emit<E extends EventName>(name: E, payload: EventPayloadInput<E>): boolean;
  subscribe(listener: EventListener): () => void;
}

export function createEventHub({ log = silentLog }: { log?: Log } = {}): EventHub {
  const listeners = new Set<EventListener>();

  return {
    emit(name, payload) {
      if (!isEventName(name)) {
        log('error', `events: unknown event "${String(name)}" dropped`);
        return false;
      }
      const checked = events[name].payload.safeParse(payload);
      if (!checked.success) {
        // A service bug: never push something the renderer's types would lie about.
        log('error', `events: ${name} payload did not match the contract; dropped`, formatIssues(checked.error).details);
        return false;
      }
      // Copy so a listener unsubscribing during delivery does not skip its neighbour.
      for (const listener of [...listeners]) {
        try {
          listener(name, checked.data);
        } catch (err) {
          log('error', `events: a listener for ${name} threw`, err);
        }
      }
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
