import { KoruError } from '../../contract/errors';
import { createExportService } from '../export';
import { loadSource, outputFormat, parseRate, parseUnit } from './args';
import { createProgress } from './progress';

export interface RenderCliOptions {
  immediate?: string;
  length?: string;
  output?: string;
  /** These two always come with commander's defaults (main/cli/commands.ts). */
  rate: string;
  volume: string;
  mp3?: boolean;
}

/** `koru render`: a schedule to a WAV or MP3 file, streamed block by block, progress on stderr. */
export async function renderCommand(file: string | undefined, o: RenderCliOptions): Promise<void> {
  const out = o.output ?? '';
  const format = outputFormat(out);
  if (o.mp3 && format !== 'mp3') throw new KoruError('BAD_INPUT', `--mp3 asks for MP3, but ${out} is named .${format}: name it .mp3`);
  const src = loadSource(file, o.immediate, o.length);
  const volume = parseUnit(o.volume, 'volume');
  const sampleRate = parseRate(o.rate);
  const progress = createProgress('render', src.durationSec);
  const started = performance.now();
  // The command does nothing else meanwhile: the export renders in this thread.
  const r = await createExportService({ inThread: true }).run({ spec: { kind: 'program', ...src }, volume, maxVolume: 1, sampleRate, format, path: out }, { onProgress: progress.update });
  progress.done();
  const secs = (performance.now() - started) / 1000;
  process.stderr.write(`wrote ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.durationSec.toFixed(1)} s of audio in ${secs.toFixed(2)} s)\n`);
}
