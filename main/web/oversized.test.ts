/** Every channel that takes text, read from the contract itself: an input over a field's limit,
 *  and a message over the frame limit, both get a typed BAD_INPUT over a real WebSocket naming
 *  the limit, and the same socket goes on serving. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { z } from 'zod';
import { channels, MAX_FRAME_BYTES, oversizedCallMessage, type ServerMessage } from '../../contract';
import { createEventHub } from '../ipc/events';
import { createRouter, type Handlers } from '../ipc/router';
import { silentLog } from '../log';
import { startWebServer, type WebServer } from './server';

interface TextField {
  channel: string;
  path: (string | number)[];
  max: number;
  wrap: (value: unknown) => unknown;
}

type Def = { type: string; checks?: { _zod: { def: { check: string; maximum?: number; length?: number } } }[] } & Record<string, unknown>;
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

type Wrap = (value: unknown) => unknown;

/** The literal members of an object (a union's discriminator), so an input reaches the option
 *  that holds the field instead of failing on a missing `kind`. */
function literalsOf(shape: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(shape)) {
    const def = defOf(value);
    if (def.type === 'literal') out[key] = (def.values as unknown[])[0];
  }
  return out;
}

/** Every string in a schema with the longest it may be, where it sits, and the smallest input
 *  that puts a value there (lists get one item, union options their discriminator). */
function textFields(schema: unknown, wrap: Wrap = (v) => v, path: (string | number)[] = []): { path: (string | number)[]; max: number; wrap: Wrap }[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const limits = (def.checks ?? []).map((c) => c._zod.def).filter((d) => d.check === 'max_length' || d.check === 'length_equals');
      return [{ path, wrap, max: limits.length ? Math.min(...limits.map((d) => d.maximum ?? d.length ?? Infinity)) : Infinity }];
    }
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const literals = literalsOf(shape);
      return Object.entries(shape).flatMap(([key, value]) => textFields(value, (v) => wrap({ ...literals, [key]: v }), [...path, key]));
    }
    case 'array':
      return textFields(def.element, (v) => wrap([v]), [...path, 0]);
    case 'union':
      return (def.options as unknown[]).flatMap((o) => textFields(o, wrap, path));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return textFields(def.innerType, wrap, path);
    case 'pipe':
      return textFields(def.in, wrap, path);
    default:
      return [];
  }
}

/** A limit as a message may write it: 2000 or 2,000. */
const namesLimit = (message: string, max: number) => message.includes(String(max)) || message.includes(max.toLocaleString('en'));

const fields: TextField[] = Object.entries(channels).flatMap(([channel, spec]) =>
  textFields((spec as { input: z.ZodType }).input).map((f) => ({ channel, ...f })),
);
const textChannels = [...new Set(fields.map((f) => f.channel))];

let server: WebServer;
let ws: WebSocket;
let nextId = 1;

/** One call on the shared socket; resolves with its reply. */
function call(channel: string, input: unknown): Promise<Extract<ServerMessage, { t: 'result' }>> {
  const id = nextId++;
  const text = JSON.stringify({ t: 'call', id, channel, input });
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if (message.t === 'result' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

beforeAll(async () => {
  // No handler is ever reached: every call here must be refused before one would run.
  const router = createRouter({ 'app.info': () => ({ version: '1', mode: 'web', dataDir: '/d' }) } as Partial<Handlers> as Handlers, { log: silentLog });
  server = await startWebServer({ router, events: createEventHub(), staticDir: '/nonexistent', log: silentLog });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
});
afterAll(async () => {
  ws.terminate();
  await server.close();
});

describe('oversized text on every channel that takes text', () => {
  it('finds the text channels in the contract, every one of them bounded', () => {
    expect(textChannels).toEqual(expect.arrayContaining(['sessions.importSbg', 'sessions.create', 'rituals.generate', 'providers.setKey', 'amp.connect']));
    expect(fields.filter((f) => !Number.isFinite(f.max))).toEqual([]);
  });

  it.each(fields.map((f) => [`${f.channel} ${f.path.join('.')}`, f] as const))('%s: one character over its limit is a typed error naming it', async (_name, field) => {
    const reply = await call(field.channel, field.wrap('x'.repeat(field.max + 1)));
    expect(reply.result.ok).toBe(false);
    if (reply.result.ok) return;
    expect(reply.result.error.code).toBe('BAD_INPUT');
    const notes = reply.result.error.details as { path: string; message: string }[];
    const here = notes.filter((n) => n.path === field.path.join('.')).map((n) => n.message);
    expect(here.some((m) => namesLimit(m, field.max)), `${here.join(' | ')}`).toBe(true);
    expect(reply.result.error.message).not.toContain(field.channel);
  });

  it.each(textChannels)('%s: a message over the frame limit is a typed error, and the socket stays usable', async (channel) => {
    const field = fields.find((f) => f.channel === channel)!;
    const input = field.wrap('x'.repeat(MAX_FRAME_BYTES));
    const reply = await call(channel, input);
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining(oversizedCallMessage(MAX_FRAME_BYTES).split(',')[1]!.trim()) } });
    expect((await call('app.info', {})).result.ok).toBe(true);
  });
});
