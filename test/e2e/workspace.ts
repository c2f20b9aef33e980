import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cloudOf, KEYED_PROVIDERS } from '../../contract/providers';

/** A test's own folder, and the environment its Koru server runs in: PortAudio plays into ALSA's
 *  file plugin (no sound card here), captured into the folder — call it before naudiodon loads.
 *  `ownKeys`: no provider key or endpoint from the machine's environment, only what the test sets. */
export function e2eWorkspace(prefix: string, o: { ownKeys?: boolean } = {}): string {
  const work = mkdtempSync(join(tmpdir(), prefix));
  process.env.ALSA_CONFIG_PATH = resolve('test/alsa/asound.conf');
  process.env.KORU_ALSA_CAPTURE = join(work, 'capture.wav');
  if (o.ownKeys) {
    for (const p of KEYED_PROVIDERS) {
      delete process.env[cloudOf(p).keyEnv];
      delete process.env[cloudOf(p).baseUrlEnv];
    }
  }
  return work;
}
