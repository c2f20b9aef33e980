/** The analysis thread (thread.ts): reads and counts batches of files, and packs prompts, so the
 *  tokenizer (its tables take ~0.5 s of CPU to load) never loads on the main thread. Says
 *  `ready` once the tokenizer is loaded. */
import { parentPort } from 'node:worker_threads';
import type { Analysis } from './analyze';
import { measure, readFile, type FileResult } from './file';
import { pack, type Pack, type PackOptions } from './pack';

export type ThreadRequest =
  | { t: 'read'; id: number; root: string; paths: string[] }
  | { t: 'pack'; id: number; analysis: Analysis; options: Omit<PackOptions, 'signal'> };

export type ThreadReply =
  | { t: 'ready' }
  | { t: 'read'; id: number; results: FileResult[] }
  | { t: 'pack'; id: number; pack: Pack }
  | { t: 'error'; id: number; message: string };

const WARM_UP: Record<string, string> = {
  'package.json': '{ "name": "w", "main": "src/index.ts", "dependencies": { "zod": "^4" }, "devDependencies": { "vitest": "^4" } }',
  'pyproject.toml': '[project]\nname = "w"\ndependencies = ["httpx>=0.27"]\n',
  'src/index.ts': "/** The entry point. */\nimport { route } from './router';\nexport function main(): void {\n  route('/é', 42);\n}\n",
  'w/main.py': "from .app import run\n\nif __name__ == '__main__':\n    run()\n",
  'README.md': '# W\n\nA *small* example — with `code`.\n',
};

const port = parentPort;
if (!port) throw new Error('main/stories/analysis/worker.ts runs as a worker thread only');
const post = (m: ThreadReply) => port.postMessage(m);

port.on('message', (m: ThreadRequest) => {
  try {
    if (m.t === 'read') post({ t: 'read', id: m.id, results: m.paths.map((p) => readFile(m.root, p)) });
    else if (m.t === 'pack') {
      pack(m.analysis, m.options).then(
        (p) => post({ t: 'pack', id: m.id, pack: p }),
        (err: unknown) => post({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) }),
      );
    }
  } catch (err) {
    post({ t: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
});
// Ready once warm: the tokenizer's expression compiled and the code paths a file takes run once,
// so the first story's files do not pay for it.
for (const [name, text] of Object.entries(WARM_UP)) measure(name, Buffer.from(text));
post({ t: 'ready' });
