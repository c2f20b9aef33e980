/** Tool calling and Deepgram on the real SDKs against mock servers that speak the wire formats. */
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicMock, startDeepgramMock, startElevenLabsMock, startGeminiMock, startOpenAIMock, ANTHROPIC_MOCK_KEY, DEEPGRAM_MOCK_KEY, ELEVENLABS_MOCK_KEY, GEMINI_MOCK_KEY, OPENAI_MOCK_KEY, type MockServer } from '../../test/mocks';
import { createAnthropicToolChat } from './anthropic';
import { createElevenLabsTranscriber } from './elevenlabs';
import { agentUrl, createDeepgramAgent, createDeepgramTranscriber } from './deepgram';
import { createGeminiToolChat } from './gemini';
import { guardedFetch } from './guarded-fetch';
import { createOpenAIToolChat } from './openai';
import type { AgentEvent, ToolMessage, ToolSpec } from './types';

const TOOLS: ToolSpec[] = [
  { name: 'create_task', description: 'Add a task', parameters: { type: 'object', properties: { title: { type: 'string' }, due: { type: 'string' } }, required: ['title', 'due'] } },
];
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const m of open.splice(0)) await m.close();
});
const track = <T extends { close(): Promise<void> }>(m: T) => (open.push(m), m);

describe('OpenAI chat completions with tools, streamed', () => {
  it('assembles tool_calls from their deltas, then sends the tool result back and streams the answer', async () => {
    const mock = track(
      await startOpenAIMock({
        chat: ({ messages, tools }) => {
          expect(tools).toEqual(['create_task']);
          const last = messages.at(-1)!;
          if (last.role === 'tool') return { text: `Done: ${last.content}. Anything else?` };
          return { calls: [{ name: 'create_task', arguments: JSON.stringify({ title: 'Run', due: 'tomorrow 7am' }) }] };
        },
      }),
    );
    const chat = createOpenAIToolChat({ apiKey: OPENAI_MOCK_KEY, baseURL: `${mock.url}/v1` });
    const messages: ToolMessage[] = [
      { role: 'system', content: 'You help.' },
      { role: 'user', content: 'Add a run tomorrow at 7' },
    ];
    const first = await chat.turn({ messages, tools: TOOLS });
    expect(first.toolCalls).toHaveLength(1);
    expect(first.toolCalls[0]).toMatchObject({ name: 'create_task', arguments: '{"title":"Run","due":"tomorrow 7am"}' });
    expect(first.toolCalls[0]!.id).toMatch(/^call_mock_0_/);

    messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
    messages.push({ role: 'tool', callId: first.toolCalls[0]!.id, name: 'create_task', content: 'Task added: Run' });
    const pieces: string[] = [];
    const second = await chat.turn({ messages, tools: TOOLS, onText: (d) => pieces.push(d) });
    expect(second.toolCalls).toEqual([]);
    expect(second.text).toBe('Done: Task added: Run. Anything else?');
    expect(pieces.length).toBeGreaterThan(3); // streamed, not in one piece

    // The follow-up carried the assistant's tool_calls and the tool message, as OpenAI wants them.
    const sent = mock.requests.at(-1)!.json as { messages: Array<Record<string, unknown>>; stream: boolean; tools: unknown[] };
    expect(sent.stream).toBe(true);
    expect(sent.messages[2]).toMatchObject({ role: 'assistant', tool_calls: [{ id: first.toolCalls[0]!.id, type: 'function', function: { name: 'create_task' } }] });
    expect(sent.messages[3]).toEqual({ role: 'tool', tool_call_id: first.toolCalls[0]!.id, content: 'Task added: Run' });
  });

  it('an auth failure is a provider error, not a crash', async () => {
    const mock = track(await startOpenAIMock());
    const chat = createOpenAIToolChat({ apiKey: 'sk-wrong-key-000000', baseURL: `${mock.url}/v1` });
    await expect(chat.turn({ messages: [{ role: 'user', content: 'hi' }], tools: TOOLS })).rejects.toMatchObject({ status: 401 });
  });
});

describe('Gemini function calling, streamed', () => {
  it('reads functionCall parts and sends functionResponse parts back with the thought signature', async () => {
    const mock = track(
      await startGeminiMock({
        chat: ({ contents }) => {
          const last = contents.at(-1)!;
          const response = last.parts.find((p) => p.functionResponse);
          if (response) return { text: `Saved. ${response.functionResponse!.response.output}` };
          return { calls: [{ name: 'create_task', args: { title: 'Run', due: 'tomorrow' } }] };
        },
      }),
    );
    const chat = createGeminiToolChat({ apiKey: GEMINI_MOCK_KEY, baseUrl: mock.url });
    const messages: ToolMessage[] = [
      { role: 'system', content: 'You help.' },
      { role: 'user', content: 'Add a run' },
    ];
    const first = await chat.turn({ messages, tools: TOOLS });
    expect(first.toolCalls).toEqual([{ id: 'fc_0', name: 'create_task', arguments: '{"title":"Run","due":"tomorrow"}', signature: 'sig-0' }]);
    messages.push({ role: 'assistant', content: '', toolCalls: first.toolCalls }, { role: 'tool', callId: 'fc_0', name: 'create_task', content: 'Task added' });
    const second = await chat.turn({ messages, tools: TOOLS });
    expect(second.text).toBe('Saved. Task added');
    const body = mock.requests.at(-1)!.json as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>; tools: Array<{ functionDeclarations: Array<{ name: string; parametersJsonSchema: unknown }> }>; systemInstruction: unknown };
    expect(body.tools[0]!.functionDeclarations[0]).toMatchObject({ name: 'create_task', parametersJsonSchema: TOOLS[0]!.parameters });
    expect(body.contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { id: 'fc_0', name: 'create_task', args: { title: 'Run', due: 'tomorrow' } }, thoughtSignature: 'sig-0' }] });
    expect(body.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { id: 'fc_0', name: 'create_task', response: { output: 'Task added' } } }] });
  });
});

describe('Anthropic tool use, streamed', () => {
  it('puts tool_use blocks together from their JSON deltas and answers them with tool_result blocks', async () => {
    const mock = track(
      await startAnthropicMock({
        chat: ({ messages, tools }) => {
          expect(tools).toEqual(['create_task']);
          const last = messages.at(-1)!;
          const result = typeof last.content === 'string' ? undefined : last.content.find((b) => b.type === 'tool_result');
          if (result) return { text: `Noted: ${String(result.content)}. Anything else?` };
          return { text: 'Let me add that.', calls: [{ name: 'create_task', input: { title: 'Run', due: 'tomorrow 7am' } }] };
        },
      }),
    );
    const chat = createAnthropicToolChat({ apiKey: ANTHROPIC_MOCK_KEY, baseURL: mock.url, thinkingBudget: 8000 });
    const messages: ToolMessage[] = [
      { role: 'system', content: 'You help.' },
      { role: 'user', content: 'Add a run tomorrow at 7' },
    ];
    const first = await chat.turn({ messages, tools: TOOLS });
    expect(first.text).toBe('Let me add that.');
    expect(first.toolCalls).toEqual([{ id: 'toolu_mock_0', name: 'create_task', arguments: '{"title":"Run","due":"tomorrow 7am"}' }]);

    messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
    messages.push({ role: 'tool', callId: 'toolu_mock_0', name: 'create_task', content: 'Task added: Run' });
    const pieces: string[] = [];
    const second = await chat.turn({ messages, tools: TOOLS, onText: (d) => pieces.push(d) });
    expect(second).toEqual({ text: 'Noted: Task added: Run. Anything else?', toolCalls: [] });
    expect(pieces.length).toBeGreaterThan(3);

    const sent = mock.requests.at(-1)!.json as { system: string; stream: boolean; thinking?: unknown; tools: Array<{ name: string; input_schema: unknown }>; messages: Array<{ role: string; content: unknown }> };
    expect(sent).toMatchObject({ system: 'You help.', stream: true, tools: [{ name: 'create_task', input_schema: TOOLS[0]!.parameters }] });
    expect(sent.thinking).toBeUndefined(); // a conversation does not wait on thinking
    expect(sent.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Let me add that.' }, { type: 'tool_use', id: 'toolu_mock_0', name: 'create_task', input: { title: 'Run', due: 'tomorrow 7am' } }] });
    expect(sent.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_mock_0', content: 'Task added: Run' }] });
  });

  it('an overloaded API is a retryable provider error, a wrong key an auth failure', async () => {
    const mock = track(await startAnthropicMock());
    mock.inject({ kind: 'overloaded' });
    const chat = createAnthropicToolChat({ apiKey: ANTHROPIC_MOCK_KEY, baseURL: mock.url });
    await expect(chat.turn({ messages: [{ role: 'user', content: 'hi' }], tools: TOOLS })).rejects.toMatchObject({ status: 529 });
    const wrong = createAnthropicToolChat({ apiKey: 'sk-ant-wrong', baseURL: mock.url });
    await expect(wrong.turn({ messages: [{ role: 'user', content: 'hi' }], tools: TOOLS })).rejects.toMatchObject({ status: 401 });
  });
});

describe('ElevenLabs Scribe', () => {
  it('transcribes a turn through speech-to-text with the model id', async () => {
    const mock = track(await startElevenLabsMock({ transcript: () => 'Move my run to tomorrow at seven' }));
    const t = createElevenLabsTranscriber({ apiKey: ELEVENLABS_MOCK_KEY, baseUrl: mock.url, transcribeModel: 'scribe_v1' });
    const r = await t.transcribe({ audio: new Uint8Array(3200), filename: 'turn.wav' });
    expect(r).toMatchObject({ text: 'Move my run to tomorrow at seven', language: 'eng' });
    expect(mock.calls['POST /v1/speech-to-text']).toBe(1);
  });
});

describe('Deepgram', () => {
  it('transcribes prerecorded audio with the Token header through the guarded fetch', async () => {
    const mock = track(await startDeepgramMock({ transcript: () => 'I want to learn Spanish in three months' }));
    const t = createDeepgramTranscriber({ apiKey: DEEPGRAM_MOCK_KEY, baseUrl: mock.url, fetch: guardedFetch('deepgram', mock.url) });
    const r = await t.transcribe({ audio: new Uint8Array(3200), filename: 'turn.wav' });
    expect(r.text).toBe('I want to learn Spanish in three months');
    expect(mock.requests[0]!.query.model).toBe('nova-3');
    expect(mock.requests[0]!.headers.authorization).toBe(`Token ${DEEPGRAM_MOCK_KEY}`);
  });

  it('puts the agent on agent.deepgram.com only for Deepgram’s own endpoint, else on the endpoint itself', () => {
    expect(agentUrl('https://api.deepgram.com')).toBe('wss://agent.deepgram.com/v1/agent/converse');
    expect(agentUrl('http://127.0.0.1:4000')).toBe('ws://127.0.0.1:4000/v1/agent/converse');
    expect(agentUrl('https://dg.example.com/x')).toBe('wss://dg.example.com/v1/agent/converse');
  });

  it('voice agent: Settings → SettingsApplied, greeting, ConversationText, a FunctionCallRequest answered by FunctionCallResponse', async () => {
    const mock = track(
      await startDeepgramMock({ turns: [{ transcript: 'Add a run tomorrow', call: { name: 'create_task', arguments: '{"title":"Run","due":"tomorrow"}' }, reply: 'Your run is on the list.' }] }),
    );
    const events: AgentEvent[] = [];
    const agent = createDeepgramAgent({ apiKey: DEEPGRAM_MOCK_KEY, baseUrl: mock.url, thinkModel: 'gpt-4o-mini', speakModel: 'aura-2-thalia-en' });
    const conn = await agent.connect({ prompt: 'You help.', greeting: 'Hello there.', functions: TOOLS, inputRate: 24_000, outputRate: 24_000 }, (e) => {
      events.push(e);
      if (e.type === 'functionCall') for (const c of e.calls) conn.respond(c.id, c.name, 'Task added: Run');
    });
    await expect.poll(() => events.some((e) => e.type === 'text' && e.content === 'Hello there.')).toBe(true);
    conn.sendAudio(new Uint8Array(24_000)); // half a second of "speech"
    await expect.poll(() => events.some((e) => e.type === 'text' && e.content === 'Your run is on the list.')).toBe(true);
    conn.close();

    const settings = mock.agent.received[0] as { type: string; audio: unknown; agent: { think: { functions: unknown[]; provider: unknown }; speak: unknown; listen: unknown; greeting: string } };
    expect(settings.type).toBe('Settings');
    expect(settings.audio).toEqual({ input: { encoding: 'linear16', sample_rate: 24_000 }, output: { encoding: 'linear16', sample_rate: 24_000, container: 'none' } });
    expect(settings.agent.think.functions).toEqual(TOOLS);
    expect(settings.agent.think.provider).toEqual({ type: 'open_ai', model: 'gpt-4o-mini' });
    expect(settings.agent.speak).toEqual({ provider: { type: 'deepgram', model: 'aura-2-thalia-en' } });
    const call = events.find((e) => e.type === 'functionCall') as Extract<AgentEvent, { type: 'functionCall' }>;
    expect(call.calls[0]).toMatchObject({ name: 'create_task', clientSide: true });
    expect(mock.agent.received.find((m) => m.type === 'FunctionCallResponse')).toEqual({ type: 'FunctionCallResponse', id: call.calls[0]!.id, name: 'create_task', content: 'Task added: Run' });
    expect(events.some((e) => e.type === 'audio' && e.pcm.length > 0)).toBe(true);
    expect(events.map((e) => e.type)).toContain('ready');
  });

  it('a wrong key is refused at the handshake as an auth failure; a dropped socket ends the conversation', async () => {
    const mock = track(await startDeepgramMock({ dropAfterCall: true, turns: [{ transcript: 'x', call: { name: 'create_task', arguments: '{}' }, reply: 'y' }] }));
    const bad = createDeepgramAgent({ apiKey: 'dg-wrong-key-00000000', baseUrl: mock.url });
    await expect(bad.connect({ prompt: 'p', greeting: 'g', functions: [], inputRate: 24_000, outputRate: 24_000 }, () => {})).rejects.toMatchObject({ failure: 'auth' });

    const events: AgentEvent[] = [];
    const conn = await createDeepgramAgent({ apiKey: DEEPGRAM_MOCK_KEY, baseUrl: mock.url }).connect({ prompt: 'p', greeting: 'g', functions: TOOLS, inputRate: 24_000, outputRate: 24_000 }, (e) => events.push(e));
    conn.sendAudio(new Uint8Array(24_000));
    await expect.poll(() => events.find((e) => e.type === 'closed')).toMatchObject({ type: 'closed', clean: false });
  });
});

export type { MockServer };
