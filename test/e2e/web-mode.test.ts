/** Web mode as a headless box uses it: the tab outlives a server restart, a second start finds
 *  the first, exports download into the browser, big schedules upload, and oversized messages
 *  are answered, not dropped. */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { LIMITS, MAX_FRAME_BYTES, oversizedCallMessage, type Result } from '../../contract';
import { launchChromium } from './browser';
import { e2eWorkspace } from './workspace';

const work = e2eWorkspace('koru-e2e-web-');

const { launchWeb } = await import('../../main/web/launch');
type Server = Awaited<ReturnType<typeof launchWeb>>;

/** One call over a raw socket, as another tab would make it. */
async function rpc<T>(server: Server, channel: string, input: unknown): Promise<T> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise((res, rej) => ws.once('open', res).once('error', rej));
  ws.send(JSON.stringify({ t: 'call', id: 1, channel, input }));
  const reply = await new Promise<{ result: Result }>((res) => ws.once('message', (d) => res(JSON.parse(String(d)))));
  ws.close();
  if (!reply.result.ok) throw new Error(`${channel}: ${reply.result.error.message}`);
  return reply.result.value as T;
}

const shortSession = (name: string) => ({
  name,
  durationSec: 4,
  program: { sets: [{ name: 'a', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.2 }] }], timeline: [{ at: 0, set: 'a' }] },
});

describe('web mode across restarts, with files', () => {
  const dataDir = join(work, 'data');
  let server: Server;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync('dist/renderer/index.html'), 'the renderer must be built first (npm test runs `vite build`)').toBe(true);
    server = await launchWeb({ port: 0, dataDir, interactive: false });
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage({ acceptDownloads: true });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('a second start on the same data folder finds the first and says where it is', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const second = await launchWeb({ port: 0, dataDir });
      expect(second).toMatchObject({ alreadyRunning: true, url: server.url, pid: process.pid, port: server.port, token: server.token });
      expect(log).toHaveBeenCalledWith(`Koru is already running for this data folder (process ${process.pid}). Open ${server.url}`);
    } finally {
      log.mockRestore();
    }
    // Still the one server: the first keeps answering.
    await expect(rpc(server, 'app.info', {})).resolves.toMatchObject({ mode: 'web' });
  });

  it('an open tab reconnects after a restart, keeping its data meanwhile, and catches up', async () => {
    await rpc(server, 'sessions.create', shortSession('Before restart'));
    await page.goto(server.url);
    await page.getByTestId('session-row').filter({ hasText: 'Before restart' }).waitFor();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();

    const { port, url } = server;
    await server.close();
    await page.getByTestId('connection').filter({ hasText: 'Reconnecting…' }).waitFor();
    // Never an empty library as if the data were gone: the last list stays.
    expect(await page.getByTestId('session-row').filter({ hasText: 'Before restart' }).count()).toBe(1);

    // Keep the tab away a little longer, so a session made meanwhile reaches it by no event.
    await page.context().setOffline(true);
    server = await launchWeb({ port, dataDir, interactive: false });
    expect(server.url).toBe(url); // the same token from the data folder: the tab's link still works
    await rpc(server, 'sessions.create', shortSession('While away'));
    await page.context().setOffline(false);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
    // The reconnect refetched what is shown.
    await page.getByTestId('session-row').filter({ hasText: 'While away' }).waitFor();
    await page.getByTestId('session-row').filter({ hasText: 'Before restart' }).waitFor();
    // A reload, too, works without the fragment: the token was kept.
    await page.reload();
    await page.getByTestId('session-row').filter({ hasText: 'While away' }).waitFor();
  });

  it('downloads an export through a signed link: the same bytes as the file Koru wrote', async () => {
    await page.getByTestId('session-row').filter({ hasText: 'Before restart' }).click();
    await page.getByTestId('export-wav').click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    const path = (await page.getByTestId('export-result').locator('code').textContent()) ?? '';
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^Before-restart-.*\.wav$/);
    const got = readFileSync((await download.path())!);
    const written = readFileSync(path);
    expect(got.length).toBeGreaterThan(44);
    expect(got.equals(written)).toBe(true);
  });

  it('streams a schedule too large for a message as an upload, and imports it by reference', async () => {
    // Valid SBaGen with enough comment lines to exceed what travels inline as text.
    const padding = '## padding to make the file large\n'.repeat(Math.ceil((LIMITS.sbgTextChars + 1024) / 34));
    const sbg = `${padding}calm: pink/30 180+6/20\nNOW calm\n`;
    expect(sbg.length).toBeGreaterThan(LIMITS.sbgTextChars);
    const uploadsBefore = existsSync(join(dataDir, 'uploads')) ? readdirSync(join(dataDir, 'uploads')).length : 0;
    const upload = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/files?'));
    await page.getByTestId('import-sbg-input').setInputFiles({ name: 'Big calm.sbg', mimeType: 'text/plain', buffer: Buffer.from(sbg) });
    expect(new URL((await upload).url()).searchParams.get('kind')).toBe('sbg');
    await page.getByTestId('session-row').filter({ hasText: 'Big calm' }).waitFor();
    const uploaded = readdirSync(join(dataDir, 'uploads'));
    expect(uploaded.length).toBe(uploadsBefore + 1);
    expect(readFileSync(join(dataDir, 'uploads', uploaded.at(-1)!), 'utf8')).toBe(sbg);
  });

  it('answers an oversized frame from the browser with a typed error, and the socket keeps working', async () => {
    const wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
    const size = MAX_FRAME_BYTES + 10;
    const replies = await page.evaluate(
      async ({ wsUrl, size }) => {
        // The browser's own WebSocket (a bare name would be rewritten to the test's `ws` import).
        const ws = new globalThis.WebSocket(wsUrl);
        await new Promise((res) => (ws.onopen = res));
        const next = () => new Promise<unknown>((res) => (ws.onmessage = (e) => res(JSON.parse(String(e.data)))));
        let reply = next();
        ws.send(JSON.stringify({ t: 'call', id: 41, channel: 'sessions.importSbg', input: { name: 'x', text: 'x'.repeat(size) } }));
        const big = await reply;
        reply = next();
        ws.send(JSON.stringify({ t: 'call', id: 42, channel: 'app.info', input: {} }));
        const after = await reply;
        ws.close();
        return { big, after };
      },
      { wsUrl, size },
    );
    const sent = JSON.stringify({ t: 'call', id: 41, channel: 'sessions.importSbg', input: { name: 'x', text: 'x'.repeat(size) } });
    expect(replies.big).toEqual({ t: 'result', id: 41, result: { ok: false, error: { code: 'BAD_INPUT', message: oversizedCallMessage(Buffer.byteLength(sent)) } } });
    expect(replies.after).toMatchObject({ id: 42, result: { ok: true, value: { mode: 'web' } } });
  });
});
