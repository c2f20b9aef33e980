import type { z } from 'zod';
import {
  channels,
  isChannel,
  KoruError,
  type Channel,
  type ChannelArgs,
  type Channels,
  type ErrorCode,
  type Result,
} from '../../contract';
import type { Log } from './log';

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

export interface Router {
  /** Validates, runs and checks one call. Never throws: every failure is a `{ ok: false }` Result. */
  dispatch(channel: unknown, input: unknown, ctx: CallContext): Promise<Result>;
}

export interface Issue {
  path: string;
  message: string;
}

// A hostile caller could send an input producing thousands of issues; the reply stays small.
const MAX_ISSUES = 20;

function fail(code: ErrorCode, message: string, details?: unknown): Result {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

/** Compact, serialisable issues: `tags.0` style paths, zod's own (human) messages. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.'),
    message: issue.message,
  }));
}

export function describeIssues(channel: string, issues: Issue[]): string {
  const parts = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return `${channel}: ${parts.join('; ')}`;
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
    if (!isChannel(channel)) return fail('UNKNOWN_CHANNEL', `unknown channel "${printable(channel)}"`);
    const spec = channels[channel];

    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return fail('BAD_INPUT', describeIssues(channel, issues), issues);
    }

    const handler = table[channel];
    if (typeof handler !== 'function') {
      log('error', `ipc: no handler for ${channel}`);
      return fail('INTERNAL', `${channel} is not available`);
    }

    let output: unknown;
    try {
      output = await handler(parsed.data, ctx);
    } catch (err) {
      if (err instanceof KoruError) return { ok: false, error: err.toShape() };
      // Unexpected: the full error (stack included) stays in main's log.
      log('error', `ipc: ${channel} failed`, err);
      return fail('INTERNAL', `${channel} failed unexpectedly; see the log for details`);
    }

    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      log('error', `ipc: ${channel} reply did not match the contract`, issuesOf(checked.error));
      return fail('INTERNAL', `${channel}: reply did not match the contract`);
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
