import type { z } from 'zod';
import {
  channels,
  isChannel,
  KoruError,
  type Channel,
  type ChannelArgs,
  type Channels,
  type ErrorCode,
  formatIssues,
  type Result,
} from '../../contract';
import type { Log } from '../log';
import { cappedError } from './capped-error';

/** Who is calling: handlers may use it for logging or per-client state, never for trust. */
export interface CallContext {
  transport: 'electron' | 'web';
  /** Stable for the life of one connection / webContents. */
  client: string;
}

/** What a handler may return: the zod *input* of the output schema (defaults may be omitted). */
export type ChannelOutputInput<C extends Channel> = z.input<Channels[C]['output']>;

export type Handlers = {
  [C in Channel]: (args: ChannelArgs<C>, ctx: CallContext) => Promise<ChannelOutputInput<C>> | ChannelOutputInput<C>;
};

/** The handlers of one capability's channels (`typeof xChannels`), for its `handlers.ts`. */
export type HandlersOf<M> = { [C in keyof M & Channel]: Handlers[C] };

export interface Router {
  /** Validates, runs and checks one call. Never throws: every failure is a `{ ok: false }` Result. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result>;
}

function fail(code: ErrorCode, message: string, details?: unknown): Result {
  return { ok: false, error: cappedError({ code, message, details }) };
}

function printable(channel: unknown): string {
  const text = typeof channel === 'string' ? channel : typeof channel;
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

export function createRouter(handlers: Handlers, { log }: { log: Log }): Router {
  // Handlers are called through one erased signature; the contract types were checked where
  // the handler object was built.
  const table = handlers as unknown as Record<Channel, ((args: unknown, ctx: CallContext) => unknown) | undefined>;

  async function run(channel: unknown, input: unknown, ctx: CallContext): Promise<Result> {
    // The name stays in details (for developers); people read what happened.
    if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', 'This version of Koru does not offer that action.', { channel: printable(channel) });
    const spec = channels[channel];

    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const { message, details } = formatIssues(parsed.error);
      return fail('BAD_INPUT', message, details);
    }

    const handler = table[channel];
    if (typeof handler !== 'function') {
      log('error', `ipc: no handler for ${channel}`);
      return fail('INTERNAL', 'That action is not available in this Koru; see its log for details.');
    }

    let output: unknown;
    try {
      output = await handler(parsed.data, ctx);
    } catch (err) {
      if (err instanceof KoruError) return { ok: false, error: cappedError(err.toShape()) };
      // Unexpected: the full error (stack included) stays in main's log.
      log('error', `ipc: ${channel} failed`, err);
      return fail('INTERNAL', 'Something went wrong inside Koru; see its log for details.');
    }

    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      log('error', `ipc: ${channel} reply did not match the contract`, formatIssues(checked.error).details);
      return fail('INTERNAL', 'Koru produced a reply it could not send; see its log for details.');
    }
    return { ok: true, value: checked.data };
  }

  return {
    async dispatch(channel, input, ctx) {
      try {
        return await run(channel, input, ctx);
      } catch (err) {
        // Only reachable through a bug in zod or a hostile getter on the input; still no throw.
        log('error', 'ipc: dispatch failed', err);
        return fail('INTERNAL', 'the call could not be processed');
      }
    },
  };
}
