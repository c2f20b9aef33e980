import type { Program } from '../../contract';
import { Settings } from '../../contract';
import { createPlayer } from '../sessions/player';
import { openPortAudioSink } from '../audio/sinks/portaudio';
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

/** `koru play`: the app's player without the app — Ctrl-C fades out instead of cutting. */
export async function playCommand(o: { program: Program; durationSec: number; sampleRate: 44100 | 48000; device: string | null; volume: number }) {
  const settings = Settings.parse({ sampleRate: o.sampleRate, outputDevice: o.device, maxVolume: 1 });
  const progress = createProgress('play', o.durationSec);
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let failure: string | null = null;
  const player = createPlayer({
    openSink: (sampleRate, deviceName) => openPortAudioSink({ sampleRate, deviceName }),
    getSettings: () => settings,
    emit: (name, payload) => {
      if (name !== 'playback.status') return;
      const s = payload as { state: string; elapsedSec: number; lastError: string | null };
      if (s.state === 'idle') {
        failure = s.lastError;
        finish();
      } else progress.update(s.elapsedSec / o.durationSec);
    },
    log: () => undefined,
  });
  const now = new Date().toISOString();
  await player.start({ id: 'cli', name: 'koru play', intention: '', tags: [], program: o.program, durationSec: o.durationSec, volume: o.volume, createdAt: now, updatedAt: now });
  const onSigint = () => void player.stop();
  process.once('SIGINT', onSigint);
  await finished;
  process.off('SIGINT', onSigint);
  progress.done();
  await player.close();
  if (failure) throw new Error(failure);
}
