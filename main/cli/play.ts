import type { Program } from '../../contract';
import { Settings } from '../../contract';
import { createPlayer, processHostLink } from '../playback';
import { loadSource, parseRate, parseUnit } from './args';
import { createProgress } from './progress';

export interface PlayCliOptions {
  immediate?: string;
  length?: string;
  device?: string;
  /** These two always come with commander's defaults (main/cli/commands.ts). */
  rate: string;
  volume: string;
}

/** `koru play [file] …`: the arguments checked, then played. */
export async function playFromCli(file: string | undefined, o: PlayCliOptions): Promise<void> {
  const src = loadSource(file, o.immediate, o.length);
  await playCommand({ ...src, sampleRate: parseRate(o.rate), device: o.device ?? null, volume: parseUnit(o.volume, 'volume') });
}

/** What the audio engine's process says (PortAudio's and ALSA's chatter among it): stderr with
 *  KORU_DEBUG=1, else nowhere — the terminal shows Koru's own lines only. */
export function engineLog(): (level: string, message: string) => void {
  return process.env.KORU_DEBUG ? (level, message) => void process.stderr.write(`[koru] ${level}: ${message}\n`) : () => undefined;
}

/** `koru play`: the app's player without the app — Ctrl-C fades out instead of cutting. The audio
 *  engine runs in its own process, like the app's. */
export async function playCommand(o: { program: Program; durationSec: number; sampleRate: 44100 | 48000; device: string | null; volume: number }) {
  const settings = Settings.parse({ sampleRate: o.sampleRate, outputDevice: o.device, maxVolume: 1 });
  const progress = createProgress('play', o.durationSec);
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let failure: string | null = null;
  const log = engineLog();
  const player = createPlayer({
    link: processHostLink({ log }),
    getSettings: () => settings,
    emit: (name, payload) => {
      if (name !== 'playback.status') return;
      const s = payload as { state: string; elapsedSec: number; lastError: string | null };
      if (s.state === 'idle') {
        failure = s.lastError;
        finish();
      } else progress.update(s.elapsedSec / o.durationSec);
    },
    log,
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
