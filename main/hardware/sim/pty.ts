import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PtyPair {
  /** Koru's end. */
  a: string;
  /** The simulator's end. */
  b: string;
  /** Kills socat: both ends vanish, as when a USB adapter is pulled. */
  kill(): Promise<void>;
}

/** A linked pty pair via socat; `dir` holds the two symlinks (stable across restarts). */
export async function startPtyPair(dir: string, names = { a: 'amp-a', b: 'amp-b' }): Promise<PtyPair> {
  const a = join(dir, names.a);
  const b = join(dir, names.b);
  const proc: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  const deadline = Date.now() + 5000;
  // socat logs "starting data transfer loop" once both ptys exist.
  while (!(existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`socat did not create the pty pair: ${stderr.trim() || 'is socat installed? (apt-get install socat)'}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
