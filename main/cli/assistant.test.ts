/** `koru assistant`, `koru goals list`, `koru tasks list` in-process, against a temp data folder:
 *  offline (no keys) and with the OpenAI mock through --provider openai. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { TurnResult } from '../../contract/assistant';
import { Goal, TasksView } from '../../contract/goals';
import { startOpenAIMock, OPENAI_MOCK_KEY } from '../../test/mocks';
import { tempDir } from '../storage/testing';
import { main } from './index';

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  for (const v of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'DEEPGRAM_API_KEY', 'ELEVENLABS_API_KEY']) vi.stubEnv(v, undefined as unknown as string);
});

describe('koru assistant / goals / tasks', () => {
  it('offline: one turn by text makes a task; goals and tasks list it as text and JSON with the zone’s offset', async () => {
    const dir = tempDir('koru-cli-assistant-');
    expect(await main(['assistant', '--text', 'Remind me to stretch tomorrow at 7am', '--provider', 'offline', '--data-dir', dir])).toBe(0);
    expect(stdout).toMatch(/✓ Task added: Stretch, \w{3} \d+ \w{3}, 07:00/);
    const session = /--session ([\w-]+)/.exec(stdout)![1]!;
    stdout = '';
    expect(await main(['assistant', '--text', 'I want to learn Spanish in three months', '--session', session, '--json', '--data-dir', dir])).toBe(0);
    const turn = TurnResult.extend({ sessionId: z.string() }).parse(JSON.parse(stdout));
    expect(turn.sessionId).toBe(session);
    expect(turn.actions[0]!.summary).toBe('Goal created: Learn Spanish');
    stdout = '';
    expect(await main(['goals', 'list', '--json', '--data-dir', dir])).toBe(0);
    expect(Goal.array().parse(JSON.parse(stdout)).map((g) => g.statement)).toEqual(['Learn Spanish']);
    stdout = '';
    expect(await main(['tasks', 'list', '--json', '--data-dir', dir])).toBe(0);
    const view = TasksView.parse(JSON.parse(stdout));
    expect(view.tasks.map((t) => t.title)).toEqual(['Stretch']);
    expect(view.tasks[0]!.due).toMatch(/T07:00:00[+-]\d\d:\d\d$/);
    stdout = '';
    expect(await main(['tasks', 'list', '--date', '2026-13-01', '--data-dir', dir])).toBe(2);
    expect(stderr).toMatch(/--date: /);
  });

  it('--provider openai: the model calls the function; a bad provider is refused', async () => {
    const mock = await startOpenAIMock({
      chat: ({ messages }) => (messages.at(-1)!.role === 'tool' ? { text: 'Done.' } : { calls: [{ name: 'create_task', arguments: '{"title":"Run","due":"2030-01-01T07:00"}' }] }),
    });
    try {
      vi.stubEnv('OPENAI_BASE_URL', `${mock.url}/v1`);
      vi.stubEnv('OPENAI_API_KEY', OPENAI_MOCK_KEY);
      const dir = tempDir('koru-cli-assistant-');
      expect(await main(['assistant', '--text', 'add a run', '--provider', 'openai', '--data-dir', dir])).toBe(0);
      expect(stdout).toMatch(/✓ Task added: Run, Tue 1 Jan, 07:00\nDone\./);
      expect(await main(['assistant', '--text', 'hi', '--provider', 'elevenlabs', '--data-dir', dir])).toBe(2);
      expect(stderr).toMatch(/--provider must be one of openai, gemini, anthropic, offline/);
    } finally {
      await mock.close();
    }
  });
});
