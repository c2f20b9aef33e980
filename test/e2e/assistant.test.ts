/** The voice assistant in Chromium with a fake microphone: the WAV (espeak-ng, "I want to learn
 *  Spanish in three months") is heard by the page's VAD, sent as one utterance, transcribed by the
 *  OpenAI mock, the mock model calls submit_goal_intent, the goal appears on the Goals page; the
 *  WAV loops, so the same words start again while the reply plays, and barge-in silences it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startOpenAIMock, OPENAI_MOCK_KEY, type MockServer } from '../mocks';
import { createOfflineSpeech } from '../../main/providers';
import { launchChromium } from './browser';

const work = mkdtempSync(join(tmpdir(), 'koru-e2e-assistant-'));
for (const v of ['ELEVENLABS_API_KEY', 'ELEVENLABS_BASE_URL', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'GOOGLE_API_KEY', 'DEEPGRAM_API_KEY', 'DEEPGRAM_BASE_URL']) delete process.env[v];
const SAID = 'I want to learn Spanish in three months';
const REPLY = 'Wonderful, that is a lovely goal. I have set it up with weekly milestones for you, starting with greetings and numbers. Shall we also plan your first practice session together this week?';

/** 16-bit mono WAV: silence, the sentence, silence (Chromium loops the file). */
function wav(samples: Float32Array, rate: number): Buffer {
  const pad = (sec: number) => new Float32Array(Math.round(sec * rate));
  const all = Float32Array.from([...pad(1), ...samples, ...pad(3.5)]);
  const b = Buffer.alloc(44 + all.length * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + all.length * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(all.length * 2, 40);
  all.forEach((s, i) => b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s * 1.5)) * 32767), 44 + i * 2));
  return b;
}

describe('the assistant in Chromium, with a fake microphone', () => {
  let mock: MockServer;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    const voice = createOfflineSpeech();
    const speech = await voice.speak({ text: SAID, voice: 'en-us' });
    await voice.close();
    const file = join(work, 'speech.wav');
    writeFileSync(file, wav(speech.samples, speech.sampleRate));
    mock = await startOpenAIMock({
      transcript: () => SAID,
      chat: ({ messages }) => {
        const last = messages.at(-1)!;
        if (last.role === 'tool') return { text: REPLY };
        if (messages.some((m) => String(m.content).includes('Goal created'))) return { text: REPLY };
        return { calls: [{ name: 'submit_goal_intent', arguments: JSON.stringify({ goal_statement: 'Learn Spanish', timeline: 'three months', milestones: ['Greetings', 'Numbers', 'Food', 'Travel'] }) }] };
      },
    });
    process.env.OPENAI_BASE_URL = `${mock.url}/v1`;
    process.env.OPENAI_API_KEY = OPENAI_MOCK_KEY;
    const { launchWeb } = await import('../../main/web/launch');
    server = await launchWeb({ port: 0, dataDir: join(work, 'data'), interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${file}`,
      '--autoplay-policy=no-user-gesture-required',
    ]));
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await mock?.close();
    delete process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_API_KEY;
    rmSync(work, { recursive: true, force: true });
  });

  it('speaking a goal creates it (shown on the Goals page) and speaking over the reply stops it', { timeout: 90_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByTestId('nav-assistant').click();
    await page.getByTestId('assistant-engine').filter({ hasText: 'OpenAI thinks' }).waitFor();
    await page.getByTestId('assistant-talk').click();

    // Heard, transcribed, the function called: a card, the reply.
    await page.getByTestId('assistant-msg-user').filter({ hasText: SAID }).first().waitFor({ timeout: 30_000 });
    await page.getByTestId('assistant-action').filter({ hasText: 'Goal created: Learn Spanish' }).waitFor({ timeout: 20_000 });
    const before = Number(await page.getByTestId('assistant-page').getAttribute('data-barge-ins'));

    // The file loops: the same words start again while the reply (≈10 s of audio) plays.
    await expect.poll(async () => Number(await page.getByTestId('assistant-page').getAttribute('data-barge-ins')), { timeout: 30_000, interval: 200 }).toBeGreaterThan(before);
    expect(mock.calls['POST /v1/audio/speech']).toBeGreaterThan(0);

    await page.getByTestId('assistant-talk').click(); // stop listening
    await page.getByTestId('nav-goals').click();
    await page.getByTestId('goal-statement').filter({ hasText: 'Learn Spanish' }).waitFor();
    expect(await page.getByTestId('goal').count()).toBe(1);
    await page.close();
  });
});
