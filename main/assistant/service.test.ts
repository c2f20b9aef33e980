/** The assistant end to end in main: real SQLite, the real provider registry and SDKs against
 *  the mock servers, the executor and the journal. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KoruError } from '../../contract/errors';
import { startDeepgramMock, startOpenAIMock, DEEPGRAM_MOCK_KEY, OPENAI_MOCK_KEY, type ToolChatRequest, type ToolMove } from '../../test/mocks';
import { createProviders } from '../providers';
import { defaultProviderSettings } from '../providers';
import { createMemorySecretStore } from '../secrets';
import { presets } from '../sessions';
import { openDatabase, type Db } from '../storage';
import { tempDir } from '../storage/testing';
import { createAssistant } from './compose';

const NOW = new Date('2026-03-02T10:00:00Z');
type Emitted = Array<{ name: string; payload: Record<string, unknown> }>;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(o: { chat?: (r: ToolChatRequest) => ToolMove; streamDelayMs?: number; db?: Db; dataDir?: string; now?: () => Date; deepgram?: Parameters<typeof startDeepgramMock>[0]; silent?: boolean } = {}) {
  const openai = await startOpenAIMock({ ...(o.chat ? { chat: o.chat } : {}), streamDelayMs: o.streamDelayMs ?? 0, transcript: () => 'I want to learn Spanish in three months' });
  const deepgram = await startDeepgramMock(o.deepgram ?? {});
  closers.push(() => openai.close(), () => deepgram.close());
  const env = { OPENAI_BASE_URL: `${openai.url}/v1`, OPENAI_API_KEY: OPENAI_MOCK_KEY, DEEPGRAM_BASE_URL: deepgram.url, DEEPGRAM_API_KEY: DEEPGRAM_MOCK_KEY };
  const providers = createProviders({ secrets: createMemorySecretStore(), settings: defaultProviderSettings(), env, queue: { baseDelayMs: 5 } });
  const dataDir = o.dataDir ?? tempDir('koru-assistant-');
  const db = o.db ?? openDatabase(join(dataDir, 'koru.db'));
  if (!o.db) closers.push(() => db.close());
  const emitted: Emitted = [];
  const parts = createAssistant({
    db,
    dataDir,
    providers,
    emit: ((name: string, payload: Record<string, unknown>) => emitted.push({ name, payload })) as never,
    log: () => undefined,
    defaultTimeZone: () => 'Europe/Berlin',
    presets,
    now: o.now ?? (() => NOW),
    silent: o.silent ?? true,
  });
  closers.push(() => parts.assistant.closeAll());
  return { ...parts, openai, deepgram, emitted, db, dataDir };
}

/** A scripted model: the first user turn calls a function, the result is answered in text. */
const goalModel = (args: object) => (r: ToolChatRequest): ToolMove => {
  const last = r.messages.at(-1)!;
  if (last.role === 'tool') return { text: `Wonderful. ${last.content} Shall we plan your first week?` };
  return { calls: [{ name: 'submit_goal_intent', arguments: JSON.stringify(args) }] };
};

describe('the assistant (turn by turn)', () => {
  it('a spoken goal becomes a stored goal; messages are kept in order with the action logged', async () => {
    const a = await setup({ chat: goalModel({ goal_statement: 'Learn Spanish', timeline: 'three months', milestones: ['Greetings', 'Numbers', 'Food', 'Travel'] }) });
    const { session, config } = await a.assistant.create();
    expect(session.engine).toBe('turns');
    expect(config.prompt).toMatch(/Time zone: Europe\/Berlin/);
    expect(config.functions.map((f) => f.name)).toEqual(['submit_goal_intent', 'create_task', 'reschedule_task', 'start_sound_session', 'create_ritual']);
    const r = await a.assistant.hear(session.id, new Uint8Array(3200));
    expect(r.heard?.text).toBe('I want to learn Spanish in three months');
    expect(r.actions.map((x) => x.summary)).toEqual(['Goal created: Learn Spanish']);
    expect(r.reply?.text).toMatch(/^Wonderful\. Goal created: Learn Spanish, target 2026-06-02, with 4 weekly milestones\./);
    const goals = a.goals.listGoals();
    expect(goals).toHaveLength(1);
    expect(goals[0]!.milestones.map((m) => [m.week, m.title, m.due])).toEqual([
      [1, 'Greetings', '2026-03-08'],
      [2, 'Numbers', '2026-03-15'],
      [3, 'Food', '2026-03-22'],
      [4, 'Travel', '2026-03-29'],
    ]);
    expect(a.assistant.messages(session.id).map((m) => m.role)).toEqual(['assistant', 'user', 'action', 'assistant']);
    // The model got the function result back as a tool message answering its call.
    const followUp = a.openai.requests.at(-1)!.json as { messages: Array<{ role: string; content: string; tool_call_id?: string }> };
    expect(followUp.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringMatching(/^Goal created: Learn Spanish/) });
    expect(a.assistant.close(session.id)).toEqual({ id: session.id, status: 'closed', messageCount: 4 });
  });

  it('invalid or missing arguments and unknown functions go back to the model as error strings it can act on', async () => {
    let calls = 0;
    const a = await setup({
      chat: (r) => {
        const last = r.messages.at(-1)!;
        calls++;
        if (calls === 1) return { calls: [{ name: 'create_task', arguments: '{"title": "Run"}' }, { name: 'launch_rocket', arguments: '{}' }] };
        if (calls === 2) {
          expect(r.messages.at(-2)!.content).toMatch(/^Error: create_task was called with invalid arguments: Due/);
          expect(last.content).toMatch(/^Error: there is no function named "launch_rocket"/);
          return { calls: [{ name: 'create_task', arguments: '{"title":"Run","due":"2026-03-03T07:00"}' }] };
        }
        return { text: 'Done.' };
      },
    });
    const { session } = await a.assistant.create();
    const r = await a.assistant.say(session.id, 'add a run tomorrow at 7');
    expect(r.actions.map((x) => x.summary)).toEqual(['Task added: Run, Tue 3 Mar, 07:00']);
    expect(a.goals.listTasks().tasks.map((t) => [t.title, t.due])).toEqual([['Run', '2026-03-03T07:00:00+01:00']]);
  });

  it('asks back when two tasks match a reschedule, and moves the one named', async () => {
    const a = await setup({
      chat: (r) => {
        const last = r.messages.at(-1)!;
        if (last.role === 'tool') return { text: String(last.content) };
        const what = String(last.content).includes('evening') ? 'evening run' : 'my run';
        return { calls: [{ name: 'reschedule_task', arguments: JSON.stringify({ task: what, new_time: 'tomorrow at 7pm' }) }] };
      },
    });
    a.goals.createTask({ title: 'Morning run', dueMs: Date.parse('2026-03-02T06:00:00Z'), durationMinutes: 30, goalId: null }, null);
    a.goals.createTask({ title: 'Evening run', dueMs: Date.parse('2026-03-02T17:00:00Z'), durationMinutes: 30, goalId: null }, null);
    const { session } = await a.assistant.create();
    const first = await a.assistant.say(session.id, 'move my run to tomorrow at 7pm');
    expect(first.actions).toEqual([]);
    expect(first.reply?.text).toMatch(/^2 tasks match "my run": (Morning|Evening) run .* and (Morning|Evening) run .*nothing was moved\./);
    const second = await a.assistant.say(session.id, 'the evening one');
    expect(second.actions.map((x) => x.summary)).toEqual(['Moved Evening run to Tue 3 Mar, 19:00']);
  });

  it('barge-in stops the reply: what was written so far is kept, marked interrupted', async () => {
    const a = await setup({ streamDelayMs: 40, chat: () => ({ text: 'Let me tell you a long story about patience and practice and the slow growth of every good habit, one word at a time.' }) });
    const { session } = await a.assistant.create();
    const turn = a.assistant.say(session.id, 'tell me something');
    await expect.poll(() => a.emitted.some((e) => e.name === 'assistant.caption' && e.payload.final === false)).toBe(true);
    a.assistant.interrupt(session.id);
    const r = await turn;
    expect(r.interrupted).toBe(true);
    expect(r.reply?.interrupted).toBe(true);
    expect(r.reply!.text.length).toBeGreaterThan(0);
    expect(r.reply!.text.length).toBeLessThan(100);
    expect(a.emitted.filter((e) => e.name === 'assistant.state').at(-1)?.payload.state).toBe('interrupted');
  });

  it('every action is undoable and the undo is told in the conversation', async () => {
    const a = await setup({ chat: goalModel({ goal_statement: 'Run a marathon', timeline: 'by October' }) });
    const { session } = await a.assistant.create();
    const r = await a.assistant.say(session.id, 'I want to run a marathon by October');
    expect(a.goals.listGoals()[0]!.targetDate).toBe('2026-10-01');
    const undo = await a.goals.undo(r.actions[0]!.id, session.id);
    expect(undo.summary).toBe('Undone: Goal created: Run a marathon');
    expect(a.goals.listGoals()).toEqual([]);
    expect(a.goals.actions().map((x) => [x.kind, x.undone])).toEqual([
      ['undo', false],
      ['goal.create', true],
    ]);
    expect(a.assistant.messages(session.id).filter((m) => m.role === 'action').map((m) => m.text)).toEqual(['Goal created: Run a marathon', 'Undone: Goal created: Run a marathon']);
    await expect(a.goals.undo(r.actions[0]!.id, null)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('limits on starting conversations', () => {
  it('refuses a second open conversation, the sixth in ten minutes, also after a restart; says when the next is allowed', async () => {
    const dataDir = tempDir('koru-assistant-limits-');
    let clock = new Date('2026-03-02T10:00:00Z');
    const file = join(dataDir, 'koru.db');
    let db = openDatabase(file);
    let a = await setup({ db, dataDir, now: () => clock });
    const first = await a.assistant.create('offline');
    await expect(a.assistant.create('offline')).rejects.toMatchObject({ code: 'CONFLICT', details: { sessionId: first.session.id } });
    a.assistant.close(first.session.id);
    for (let i = 1; i < 5; i++) {
      clock = new Date(clock.getTime() + 60_000);
      const s = await a.assistant.create('offline');
      a.assistant.close(s.session.id);
    }
    const refusal = await a.assistant.create('offline').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(KoruError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', details: { nextAllowedAt: '2026-03-02T10:10:00.000Z', limit: 'window' } });
    expect((refusal as Error).message).toBe('You have started 5 conversations in the last 10 minutes; the next can start at Mon 2 Mar, 11:10.');
    expect(a.assistant.status().usage).toMatchObject({ remainingInWindow: 0, remainingToday: 15, nextAllowedAt: '2026-03-02T10:10:00.000Z' });

    // A restart: a new database connection and a new service; the count is in SQLite.
    a.assistant.closeAll();
    db.close();
    db = openDatabase(file);
    closers.push(() => db.close());
    a = await setup({ db, dataDir, now: () => clock });
    await expect(a.assistant.create('offline')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    clock = new Date('2026-03-02T10:10:01Z');
    await expect(a.assistant.create('offline')).resolves.toMatchObject({ session: { engine: 'offline' } });
  });

  it('a conversation left open by a crash is closed at the next start, not counted as concurrent', async () => {
    const dataDir = tempDir('koru-assistant-crash-');
    const db = openDatabase(join(dataDir, 'koru.db'));
    closers.push(() => db.close());
    const a = await setup({ db, dataDir });
    await a.assistant.create('offline');
    const b = await setup({ db, dataDir }); // the process died; a new one starts
    expect(b.assistant.recoverInterrupted()).toBe(1);
    await expect(b.assistant.create('offline')).resolves.toBeTruthy();
  });
});

describe('the offline assistant', () => {
  it('understands a task by itself and answers from the function result', async () => {
    const a = await setup();
    const { session } = await a.assistant.create('offline');
    expect(session.providers.think).toBe('Offline parser');
    const r = await a.assistant.say(session.id, 'Remind me to call Mum tomorrow at seven');
    expect(r.reply?.text).toBe('Task added: Call Mum, Tue 3 Mar, 07:00.');
    const unknown = await a.assistant.say(session.id, 'what is the weather like');
    expect(unknown.reply?.text).toMatch(/^I am the offline assistant/);
    await expect(a.assistant.hear(session.id, new Uint8Array(10))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('speaks its replies with the offline voice as ordered audio pieces', async () => {
    const a = await setup({ silent: false });
    const { session } = await a.assistant.create('offline');
    await a.assistant.say(session.id, 'Play twenty minutes of theta');
    await expect.poll(() => a.emitted.filter((e) => e.name === 'assistant.audio').length, { timeout: 15_000 }).toBeGreaterThan(1);
    const pieces = a.emitted.filter((e) => e.name === 'assistant.audio').map((e) => e.payload);
    expect(pieces.every((p) => p.sampleRate === 22_050 && typeof p.pcm === 'string')).toBe(true);
  });
});

describe('the Deepgram voice agent engine', () => {
  it('persists the agent’s conversation text and answers its function calls', async () => {
    const a = await setup({
      deepgram: { turns: [{ transcript: 'I want to learn Spanish in three months', call: { name: 'submit_goal_intent', arguments: '{"goal_statement":"Learn Spanish","timeline":"three months"}' }, reply: 'Your Spanish goal is set.' }] },
    });
    const { session } = await a.assistant.create('agent');
    expect(session.providers.think).toBe('Deepgram Voice Agent');
    for (let i = 0; i < 5; i++) a.assistant.agentAudio(session.id, new Uint8Array(4800));
    await expect.poll(() => a.assistant.messages(session.id).map((m) => m.text)).toContain('Your Spanish goal is set.');
    expect(a.goals.listGoals().map((g) => g.statement)).toEqual(['Learn Spanish']);
    const response = a.deepgram.agent.received.find((m) => m.type === 'FunctionCallResponse');
    expect(response?.content).toMatch(/^Goal created: Learn Spanish, target 2026-06-02/);
    expect(a.assistant.messages(session.id).map((m) => [m.role, m.text.slice(0, 20)])).toEqual([
      ['assistant', "Hello, I'm Koru. Wha"],
      ['user', 'I want to learn Span'],
      ['action', 'Goal created: Learn '],
      ['assistant', 'Your Spanish goal is'],
    ]);
    expect(a.emitted.some((e) => e.name === 'assistant.bargeIn')).toBe(true);
    expect(a.emitted.some((e) => e.name === 'assistant.audio')).toBe(true);
  });

  it('a socket dropped mid-turn reconnects once with the conversation so far, then ends cleanly keeping the transcript', async () => {
    const a = await setup({ deepgram: { dropAfterCall: true, turns: [{ transcript: 'Add a run', call: { name: 'create_task', arguments: '{}' }, reply: 'x' }] } });
    const { session } = await a.assistant.create('agent');
    for (let i = 0; i < 5; i++) a.assistant.agentAudio(session.id, new Uint8Array(4800));
    await expect.poll(() => a.deepgram.agent.connections).toBe(2);
    const resent = a.deepgram.agent.received.filter((m) => m.type === 'Settings').at(-1) as unknown as { agent: { context?: { messages: Array<{ content: string }> } } };
    expect(resent.agent.context?.messages.map((m) => m.content)).toContain('Add a run');
    expect(a.emitted.some((e) => e.name === 'assistant.notice' && String(e.payload.message).includes('reconnecting'))).toBe(true);
    expect(a.assistant.messages(session.id).map((m) => m.text)).toContain('Add a run');
  });
});
