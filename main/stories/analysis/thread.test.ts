import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFiles, writeFiles } from '../source/testing';
import { analyze } from './analyze';
import { pack } from './pack';
import { createAnalysisThread } from './thread';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'koru-threads-'));
const repo = path.join(work, 'atlas');
const thread = createAnalysisThread();

beforeAll(() => {
  writeFiles(repo, fixtureFiles());
  const more: Record<string, string> = {};
  for (let i = 0; i < 400; i++) more[`src/gen/m${i}.ts`] = `import { m${(i * 7) % 400} } from './m${(i * 7) % 400}';\n\nexport function m${i}(x: number): number {\n  return x * ${i}; // ${'é'.repeat(i % 3)}\n}\n`;
  writeFiles(repo, more);
});
afterAll(async () => {
  await thread.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the analysis thread', () => {
  it('reads and counts there, batch by batch, the analysis equal to one made in this thread', async () => {
    expect(thread.running()).toBe(false);
    thread.warm();
    expect(thread.running()).toBe(true);
    await thread.ready();
    const here = await analyze(repo);
    const done: number[] = [];
    const there = await analyze(repo, { reader: thread.read, onProgress: (d) => done.push(d) });
    expect(there).toEqual(here);
    expect(there.files.length).toBeGreaterThan(400);
    expect(done.length).toBeGreaterThan(4); // batch by batch, in order
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // Packing runs there too (the main thread never loads the tokenizer), with the same prompt.
    const opts = { budget: 3000, focus: ['routing'], title: 'Atlas' };
    expect(await thread.pack(there, opts)).toEqual(await pack(here, opts));
  });

  it('a cancelled read stops with the abort, and the thread serves the next one', async () => {
    const ac = new AbortController();
    const reading = analyze(repo, { reader: thread.read, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect((await analyze(repo, { reader: thread.read })).files.length).toBeGreaterThan(400);
  });
});
