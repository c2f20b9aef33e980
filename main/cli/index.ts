import { Command, CommanderError } from 'commander';
import { KoruError } from '../../contract';
import { createExportService } from '../export';
import { loadSource, parseRate } from './args';
import { createProgress } from './progress';
import { playCommand } from './play';
import { registerAmp } from './amp';
import { registerRitual } from './ritual';
import { version } from '../../package.json';

/** Exit codes: 0 done, 1 failed at run time, 2 bad input (arguments, schedule). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('koru')
    .description('Koru sound sessions from the command line: the same engine as the app.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('render')
    .description('render a .sbg file or immediate tone specs to a WAV or MP3 file')
    .argument('[file]', 'SBaGen schedule (.sbg)')
    .option('-i, --immediate <specs>', 'tone specs, e.g. "pink/40 200+10/20"')
    .option('-L, --length <time>', 'length HH:MM:SS (required with -i)')
    .requiredOption('-o, --output <file>', 'output file (.wav or .mp3)')
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '44100')
    .option('--mp3', 'write MP3 (also implied by a .mp3 output name)')
    .option('-v, --volume <0-1>', 'level', '0.8')
    .action(async (file: string | undefined, o: Record<string, string | boolean | undefined>) => {
      const src = loadSource(file, o.immediate as string | undefined, o.length as string | undefined);
      const out = String(o.output);
      const format = o.mp3 || out.toLowerCase().endsWith('.mp3') ? 'mp3' : 'wav';
      const volume = parseUnit(String(o.volume), 'volume');
      const progress = createProgress('render', src.durationSec);
      const started = performance.now();
      // The CLI does nothing else meanwhile: the export renders in this thread.
      const r = await createExportService({ inThread: true }).run(
        { spec: { kind: 'program', ...src }, volume, maxVolume: 1, sampleRate: parseRate(o.rate as string), format, path: out },
        { onProgress: progress.update },
      );
      progress.done();
      const secs = (performance.now() - started) / 1000;
      process.stderr.write(`wrote ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB, ${r.durationSec.toFixed(1)} s of audio in ${secs.toFixed(2)} s)\n`);
    });

  program
    .command('play')
    .description('play a .sbg file or immediate tone specs through the audio device')
    .argument('[file]', 'SBaGen schedule (.sbg)')
    .option('-i, --immediate <specs>', 'tone specs, e.g. "pink/40 200+10/20"')
    .option('-L, --length <time>', 'length HH:MM:SS (required with -i)')
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '48000')
    .option('-d, --device <name>', 'output device name (see `koru devices`)')
    .option('-v, --volume <0-1>', 'level', '0.7')
    .action(async (file: string | undefined, o: Record<string, string | undefined>) => {
      const src = loadSource(file, o.immediate, o.length);
      await playCommand({ ...src, sampleRate: parseRate(o.rate), device: o.device ?? null, volume: parseUnit(String(o.volume), 'volume') });
    });

  program
    .command('devices')
    .description('list audio output devices')
    .action(async () => {
      const { listOutputDevices } = await import('../audio/devices');
      const { devices, error } = listOutputDevices();
      if (error) throw new KoruError('NO_DEVICE', error);
      if (devices.length === 0) throw new KoruError('NO_DEVICE', 'no audio output devices found');
      for (const d of devices) console.log(`${d.id}\t${d.name}\t${d.maxOutputChannels} ch\t${d.defaultSampleRate} Hz\t${d.hostApi}`);
    });

  program
    .command('web')
    .description('serve Koru to a browser (web mode) on this machine')
    .option('-p, --port <n>', 'port (0 = any free port)', '0')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .action(async (o: { port: string; host: string }) => {
      const { launchWeb } = await import('../web/launch');
      await launchWeb({ port: Number(o.port), host: o.host });
      await new Promise(() => undefined); // serve until interrupted
    });

  registerAmp(program);
  registerRitual(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof KoruError) {
      process.stderr.write(`koru: ${e.message}\n`);
      return e.code === 'BAD_INPUT' || e.code === 'PARSE_ERROR' ? 2 : 1;
    }
    process.stderr.write(`koru: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

function parseUnit(text: string, what: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new KoruError('BAD_INPUT', `${what} must be between 0 and 1 (got ${text})`);
  return v;
}
