// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantMessage, AssistantStatus } from '../../../contract/assistant';
import type { Action } from '../../../contract/goals';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { AssistantPage } from './AssistantPage';

beforeAll(installDomShims);
afterEach(cleanup);

const providers = { listen: null, think: 'Offline parser', speak: 'Offline voice' };
const STATUS: AssistantStatus = {
  settings: { name: null, timeZone: null, engine: null, think: null, listen: null },
  timeZone: 'Europe/Berlin',
  engines: [
    { engine: 'turns', ready: false, reason: 'Add an OpenAI or Gemini key', providers: { listen: null, think: '—', speak: 'Offline voice' } },
    { engine: 'agent', ready: false, reason: 'Add a Deepgram key', providers: { listen: null, think: '—', speak: '—' } },
    { engine: 'offline', ready: true, reason: null, providers },
  ],
  engine: 'offline',
  usage: { remainingToday: 17, remainingInWindow: 5, nextAllowedAt: null, openSessionId: null },
};
const at = '2026-03-02T10:00:00.000Z';
const ACTION: Action = { id: 'a1', kind: 'task.create', summary: 'Task added: Call Mum, Tue 3 Mar, 07:00', targetId: 't1', undoable: true, undone: false, at, sessionId: 's1' };

describe('the Assistant page', () => {
  it('with no microphone it says so and text still works: the reply, the action card and its Undo', async () => {
    const messages: AssistantMessage[] = [{ seq: 1, role: 'assistant', text: 'Hello, I’m Koru.', at, interrupted: false, actionId: null }];
    const fake = fakeClient({
      'assistant.status': () => STATUS,
      'assistant.sessions.create': () => ({ session: { id: 's1', engine: 'offline', providers, status: 'open', createdAt: at, closedAt: null, messageCount: 1 }, config: { prompt: 'p', greeting: 'Hello', functions: [] }, usage: STATUS.usage }),
      'assistant.sessions.messages': () => messages,
      'assistant.say': () => ({ heard: null, reply: null, actions: [ACTION], interrupted: false }),
      'actions.list': () => [ACTION],
      'actions.undo': () => ({ action: { ...ACTION, id: 'a2', kind: 'undo', summary: 'Undone', undoable: false } }),
    });
    renderWithClient(<AssistantPage />, fake.client);
    await screen.findByText(/Offline assistant: Offline parser thinks, Offline voice speaks/);
    expect(screen.getByTestId('assistant-remaining').textContent).toBe('17 of 20');

    fireEvent.click(screen.getByTestId('assistant-talk'));
    expect((await screen.findByTestId('assistant-problem')).textContent).toMatch(/you can still type/);

    fireEvent.change(screen.getByTestId('assistant-text'), { target: { value: 'Remind me to call Mum tomorrow at seven' } });
    fireEvent.click(screen.getByTestId('assistant-send'));
    await waitFor(() => expect(fake.callsTo('assistant.say')).toEqual([{ sessionId: 's1', text: 'Remind me to call Mum tomorrow at seven' }]));
    act(() => {
      fake.emit('assistant.message', { sessionId: 's1', message: { seq: 2, role: 'user', text: 'Remind me to call Mum tomorrow at seven', at, interrupted: false, actionId: null } });
      fake.emit('assistant.message', { sessionId: 's1', message: { seq: 3, role: 'action', text: ACTION.summary, at, interrupted: false, actionId: 'a1' } });
      fake.emit('assistant.caption', { sessionId: 's1', turn: 1, role: 'assistant', text: 'Task added', final: false });
    });
    expect((await screen.findByTestId('assistant-caption')).textContent).toBe('Task added');
    expect(screen.getByTestId('assistant-action').textContent).toMatch(/Task added: Call Mum/);
    fireEvent.click(await screen.findByTestId('assistant-undo'));
    await waitFor(() => expect(fake.callsTo('actions.undo')).toEqual([{ id: 'a1' }]));
  });

  it('shows a refusal to start (the limits) in words', async () => {
    const fake = fakeClient({
      'assistant.status': () => STATUS,
      'assistant.sessions.create': () => Promise.reject(Object.assign(new Error('You have started 5 conversations in the last 10 minutes; the next can start at Mon 2 Mar, 11:10.'), { code: 'RATE_LIMITED' })),
    });
    renderWithClient(<AssistantPage />, fake.client);
    await screen.findByText(/Offline parser thinks/);
    fireEvent.change(screen.getByTestId('assistant-text'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByTestId('assistant-send'));
    expect((await screen.findByTestId('assistant-problem')).textContent).toMatch(/the next can start at Mon 2 Mar, 11:10/);
  });
});
