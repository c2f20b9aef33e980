import type { Program } from '../../contract';
import { Settings } from '../../contract';
import { createPlayer, processHostLink } from '../playback';
import { createProgress } from './progress';

/** `koru play`: the app's player without the app — Ctrl-C fades out instead of cutting. The audio
 *  engine runs in its own process, so PortAudio's and ALSA's chatter never reaches the terminal
 *  (set KORU_DEBUG=1 to see it). */
export async function playCommand(o: { program: Program; durationSec: number; sampleRate: 44100 | 48000; device: string | null; volume: number }) {
  const settings = Settings.parse({ sampleRate: o.sampleRate, outputDevice: o.device, maxVolume: 1 });
  const progress = createProgress('play', o.durationSec);
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let failure: string | null = null;
  const debug = process.env.KORU_DEBUG ? (level: string, message: string) => process.stderr.write(`[koru] ${level}: ${message}\n`) : () => undefined;
  const player = createPlayer({
    link: processHostLink({ log: debug }),
    getSettings: () => settings,
    emit: (name, payload) => {
      if (name !== 'playback.status') return;
      const s = payload as { state: string; elapsedSec: number; lastError: string | null };
      if (s.state === 'idle') {
        failure = s.lastError;
        finish();
      } else progress.update(s.elapsedSec / o.durationSec);
    },
    log: debug,
  });
  const now = new Date().toISOString();
  const onSigint = () => void player.stop();
  try {
    await player.start({ id: 'cli', name: 'koru play', intention: '', tags: [], program: o.program, durationSec: o.durationSec, volume: o.volume, createdAt: now, updatedAt: now });
    process.once('SIGINT', onSigint);
    await finished;
  } finally {
    process.off('SIGINT', onSigint);
    progress.done();
    await player.close();
  }
  if (failure) throw new Error(failure);
}
