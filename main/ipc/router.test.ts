import { describe, expect, it } from 'vitest';
import { KoruError, LIMITS, type Result } from '../../contract';
import { createRouter, type CallContext, type Handlers } from './router';
import { idleStatus, spyLog } from './testing';

const ctx: CallContext = { transport: 'web', client: 't1' };
const program = {
  sets: [{ name: 'a', voices: [{ kind: 'sine', freq: 200, amp: 0.2 }] }],
  timeline: [{ at: 0, set: 'a' }],
};

// Only the channels these tests call; the router must cope with the rest being absent.
function setup(over: Partial<Handlers> = {}) {
  const log = spyLog();
  const calls: unknown[] = [];
  const handlers: Partial<Handlers> = {
    'app.info': () => ({ version: '1.0.0', mode: 'web', dataDir: '/tmp/koru' }),
    'playback.setVolume': async (args) => {
      calls.push(args);
      return idleStatus({ volume: args.volume });
    },
    'sessions.create': (draft) => {
      calls.push(draft);
      return { ...draft, id: 's1', createdAt: 'now', updatedAt: 'now' };
    },
    ...over,
  };
  return { router: createRouter(handlers as Handlers, { log }), log, calls };
}

function errorOf(result: Result) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('router', () => {
  it('runs a handler with parsed input and returns its checked output', async () => {
    const { router, calls } = setup();
    const result = await router.dispatch('playback.setVolume', { volume: 0.25 }, ctx);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).toMatchObject({ state: 'idle', volume: 0.25 });
    expect(calls).toEqual([{ volume: 0.25 }]);
  });

  it('applies input defaults before the handler sees them', async () => {
    const { router, calls } = setup();
    const result = await router.dispatch('sessions.create', { name: '  Calm ', program, durationSec: 60 }, ctx);
    expect(result.ok).toBe(true);
    expect(calls[0]).toMatchObject({ name: 'Calm', intention: '', tags: [], volume: 0.7 });
  });

  it('accepts a missing input for channels whose input defaults to {}', async () => {
    const { router } = setup();
    expect(await router.dispatch('app.info', undefined, ctx)).toEqual({
      ok: true,
      value: { version: '1.0.0', mode: 'web', dataDir: '/tmp/koru' },
    });
  });

  it('refuses an unknown channel, including non-strings and prototype names', async () => {
    const { router } = setup();
    for (const name of ['nope.nothing', 42, null, 'constructor', '__proto__']) {
      const error = errorOf(await router.dispatch(name, {}, ctx));
      expect(error.code).toBe('UNKNOWN_CHANNEL');
    }
    const unknown = errorOf(await router.dispatch('nope.nothing', {}, ctx));
    // People read a sentence; the name is for developers, in details.
    expect(unknown.message).not.toMatch(/nope/);
    expect(unknown.details).toEqual({ channel: 'nope.nothing' });
  });

  it('refuses bad input with a readable message and path details, without calling the handler', async () => {
    const { router, calls } = setup();
    const error = errorOf(await router.dispatch('sessions.create', { name: ' ', program, durationSec: 60 }, ctx));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('A name is required.');
    expect(error.details).toEqual([{ path: 'name', message: 'a name is required' }]);
    expect(calls).toEqual([]);
  });

  it('reports nested paths and several issues at once', async () => {
    const { router } = setup();
    const bad = { name: 'x', program: { ...program, sets: [{ name: 'a', voices: [{ kind: 'sine', freq: 0, amp: 2 }] }] } };
    const error = errorOf(await router.dispatch('sessions.create', bad, ctx));
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['program.sets.0.voices.0.freq', 'program.sets.0.voices.0.amp', 'durationSec']));
    // Plain words, no channel name and no field paths: the first problems spelt out, then a count.
    expect(error.message).toBe(
      'Frequency of voice 1 in tone-set 1 must be more than 0. Amplitude of voice 1 in tone-set 1 must be at most 1. Duration is required.',
    );
  });

  it('refuses unknown keys on strict inputs', async () => {
    const { router } = setup();
    const error = errorOf(await router.dispatch('playback.setVolume', { volume: 0.1, extra: true }, ctx));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('The request has a field Koru does not know: “extra”.');
  });

  it('passes a KoruError through unchanged', async () => {
    const { router, log } = setup({
      'playback.setVolume': () => {
        throw new KoruError('CONFLICT', 'already playing', { sessionId: 's9' });
      },
    });
    const error = errorOf(await router.dispatch('playback.setVolume', { volume: 0.1 }, ctx));
    expect(error).toEqual({ code: 'CONFLICT', message: 'already playing', details: { sessionId: 's9' } });
    expect(log).not.toHaveBeenCalled();
  });

  it('caps the message and details of an error, so a parse error cannot echo megabytes back', async () => {
    const line = 'x'.repeat(2_000_000);
    const { router } = setup({
      'playback.setVolume': () => {
        throw new KoruError('PARSE_ERROR', `line 3: cannot read ${line}`, { line: 3, text: line });
      },
    });
    const error = errorOf(await router.dispatch('playback.setVolume', { volume: 0.1 }, ctx));
    expect(error.code).toBe('PARSE_ERROR');
    expect(error.message.length).toBeLessThanOrEqual(LIMITS.errorMessageChars);
    expect(error.details).toMatchObject({ line: 3 });
    expect(Buffer.byteLength(JSON.stringify(error.details))).toBeLessThanOrEqual(LIMITS.errorDetailsBytes);
    // Details that cannot be serialised are dropped, the error still arrives.
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const again = setup({
      'playback.setVolume': () => {
        throw new KoruError('CONFLICT', 'busy', circular);
      },
    });
    expect(errorOf(await again.router.dispatch('playback.setVolume', { volume: 0.1 }, ctx))).toEqual({ code: 'CONFLICT', message: 'busy' });
  });

  it('turns an unexpected throw into INTERNAL, logging the error but never replying with it', async () => {
    const boom = new Error('secret path /home/me/.koru/db exploded');
    const { router, log } = setup({
      'playback.setVolume': async () => {
        throw boom;
      },
    });
    const result = await router.dispatch('playback.setVolume', { volume: 0.1 }, ctx);
    const error = errorOf(result);
    expect(error.code).toBe('INTERNAL');
    expect(JSON.stringify(result)).not.toMatch(/secret|exploded|at .*router/);
    expect(error).not.toHaveProperty('details');
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('playback.setVolume'), boom);
  });

  it('refuses a reply that does not match the output schema', async () => {
    const { router, log } = setup({
      // A handler bug: volume above 1 and a missing field.
      'playback.setVolume': () => ({ ...idleStatus(), volume: 3, lateBlocks: undefined }) as never,
    });
    const error = errorOf(await router.dispatch('playback.setVolume', { volume: 0.1 }, ctx));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toMatch(/playback/);
    expect(log.at('error')).toHaveLength(1);
  });

  it('reports a channel with no handler as INTERNAL instead of crashing', async () => {
    const { router, log } = setup();
    const error = errorOf(await router.dispatch('presets.list', {}, ctx));
    expect(error.code).toBe('INTERNAL');
    expect(log.at('error')[0]?.message).toMatch(/presets\.list/);
  });

  it('never throws, even when reading the input throws', async () => {
    const { router } = setup();
    const hostile = Object.defineProperty({}, 'volume', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    const result = await router.dispatch('playback.setVolume', hostile, ctx);
    expect(result.ok).toBe(false);
  });
});
