/** What each `koru` command accepts. Only commander loads here: a command's code (and what it
 *  pulls in — zod, the synthesiser, SQLite, serialport, the vendor SDKs) is imported when that
 *  command runs, and only `play` and `devices` ever load PortAudio. Types are imported as types. */
import { Command, Option } from 'commander';
import type { AmpCliOptions } from './amp';
import type { DubCliOptions } from './dub';
import type { AssistantCliOptions } from './assistant';
import type { MantraRenderOptions } from './mantra';
import type { PlayCliOptions } from './play';
import type { RenderCliOptions } from './render';
import type { RitualCliOptions } from './ritual';
import type { SkyPlaceOptions } from './sky';
import type { StoryCliOptions } from './story';

type File = string | undefined;

export function registerCommands(program: Command): void {
  const required = requiredOptions(program);

  const render = command(program, 'render', 'render a .sbg file or immediate tone specs to a WAV or MP3 file');
  toneSource(render);
  required(render, '-o, --output <file>', 'output file, .wav or .mp3');
  render
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '44100')
    .option('--mp3', 'write MP3 (the output must then end in .mp3)')
    .option('-v, --volume <0-1>', 'level', '0.8')
    .action(async (file: File, o: RenderCliOptions) => (await import('./render')).renderCommand(file, o));

  const play = command(program, 'play', 'play a .sbg file or immediate tone specs through the audio device');
  toneSource(play)
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '48000')
    .option('-d, --device <name>', 'output device name (see `koru devices`)')
    .option('-v, --volume <0-1>', 'level', '0.7')
    .action(async (file: File, o: PlayCliOptions) => (await import('./play')).playFromCli(file, o));

  command(program, 'devices', 'list audio output devices').action(async () => (await import('./devices')).devicesCommand());

  command(program, 'web', 'serve Koru to a browser (web mode) on this machine')
    .option('-p, --port <n>', 'port (default 5400, or a free one when taken; 0 = any free port)')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--new-token', 'replace the stored access token: links handed out before stop working')
    .action(async (o: { port?: string; host: string; newToken?: boolean }) => {
      const { launchWeb } = await import('../web');
      const web = await launchWeb({ port: o.port === undefined ? undefined : Number(o.port), host: o.host, newToken: o.newToken === true });
      if (web.alreadyRunning) return; // it said where the running one is
      await new Promise(() => undefined); // serve until interrupted
    });

  const amp = command(program, 'amp', 'control an amplifier on a serial port (Monoprice/Dayton 6-zone or the Koru controller)');
  const ampCommand = (name: string, description: string) =>
    command(amp, name, description)
      .option('-p, --port <path>', 'serial port, e.g. /dev/ttyUSB0')
      .option('-d, --driver <name>', 'monoprice or koru', 'monoprice')
      .option('-z, --zone <n>', 'Monoprice zone 11–16, 21–26, 31–36 (default 11)')
      .option('-b, --baud <rate>', "baud rate (default: the driver's own)")
      .option('--max-volume <percent>', 'volume cap in percent of the range', '40')
      .option('--ramp <percent/s>', 'ramp speed in percent per second', '10')
      .option('--json', 'print the status as JSON');
  ampCommand('status', 'connect, print the amplifier state, disconnect').action(async (o: AmpCliOptions) => {
    await (await import('./amp')).runAmp('status', o);
  });
  ampCommand('set', 'set power/volume/mute/source (volume ramps like the app)')
    .option('--power <on|off>', 'power')
    .option('--volume <percent>', 'volume in percent of the range (0–100, capped by --max-volume)')
    .option('--mute <on|off>', 'mute')
    .option('--source <n>', 'input 1–6 (Monoprice)')
    .action(async (o: AmpCliOptions) => {
      await (await import('./amp')).runAmp('set', o);
    });
  command(amp, 'ports', 'list serial ports (exit 1 when none can be listed)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => (await import('./amp')).ampPorts(o));

  const ritual = command(program, 'ritual', 'write and voice a guided ritual over a tone bed, to a WAV or MP3 file (offline unless API keys are set in the environment)');
  required(ritual, '--intention <text>', 'what the ritual is for, in your words');
  required(ritual, '--minutes <n>', 'length, 1–90 minutes');
  ritual
    .option('--focus <a,b>', 'focus areas: breathing, relaxation, body-scan, loving-kindness, gratitude, sleep, visualisation, focus, grounding')
    .option('--style <style>', 'gentle, direct or poetic')
    .option('--provider <id>', 'speech provider to try first (its id in the provider table; offline is the built-in voice)')
    .option('--voice <id>', 'voice id for that provider')
    .option('--writer <id>', 'script writer (a text provider\'s id, or offline for the built-in writer)')
    .option('--bed <preset>', 'tone bed preset id, or "none"')
    .option('--balance <0-1>', 'narration-to-bed balance');
  required(ritual, '-o, --output <file>', 'output file, .wav or .mp3');
  ritual
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '44100')
    .option('--data-dir <dir>', 'Koru data folder (library and speech cache)')
    .action(async (o: RitualCliOptions) => {
      await (await import('./ritual')).ritualCommand(o);
    });

  const dub = command(program, 'dub', 'dub an audio or video file into another language (or re-voice it in its own), in sync, to a WAV or MP3 of exactly its length');
  dub.argument('<in-file>', 'WAV, MP3, Ogg (Vorbis, Opus), FLAC, M4A/AAC, or an MP4/WebM/MKV video');
  required(dub, '--to <language>', 'target language, a name or BCP-47 code (the source language = voice replacement, no translation)');
  required(dub, '-o, --output <file>', 'dubbed audio, .wav or .mp3');
  dub
    .option('--from <language>', 'source language (default: what transcription hears)')
    .option('--transcript <file>', 'an SRT or VTT to use instead of transcribing (works offline)')
    .option('--transcriber <id>', 'who transcribes: a transcribing provider\'s id (default: the first with a key)')
    .option('--writer <id>', 'who translates: a text provider\'s id (default: the settings\' writer)')
    .option('--provider <id>', 'speech provider to try first (its id in the provider table; offline is the built-in voice)')
    .option('--voice <id>', 'voice id for that provider')
    .option('--max-stretch <x>', 'fastest a line may be sped up to fit its slot, 1–2 (default 1.25)')
    .option('--duck-db <dB>', 'the original under the dub, -60–0 dB (default -18)')
    .option('--mix <over|dub-only>', 'the dub over the ducked original, or the dub alone')
    .option('--glossary <a,b>', 'terms never translated')
    .option('--srt <file>', 'write the dub\'s subtitles (target language) as SRT')
    .option('--vtt <file>', 'write them as VTT')
    .option('--json <file>', 'write segments.json: id, source/dub start and end, stretch, both texts')
    .option('--transcript-out <file>', 'write the bilingual transcript')
    .option('--data-dir <dir>', 'Koru data folder (library and speech cache)')
    .action(async (file: string, o: DubCliOptions) => {
      await (await import('./dub')).dubCommand(file, o);
    });

  const mantra = command(program, 'mantra', 'mantra practice: the starter library, and a voiced practice (a prayer wheel) rendered to a file');
  command(mantra, 'list', 'list the starter mantras with their language, tradition and source')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => (await import('./mantra')).mantraList(o));
  const mantraRender = command(mantra, 'render', 'speak a mantra --count times at a steady pace over a tone bed, a bell after each round, to a WAV or MP3 file');
  mantraRender.argument('<text>', 'the mantra, e.g. "Om mani padme hum"');
  required(mantraRender, '-o, --output <file>', 'output file, .wav or .mp3');
  mantraRender
    .option('--count <n>', 'repetitions, 1–10800 (default 108)')
    .option('--round <n>', 'beads in a round, a bell after each (default 108)')
    .option('--provider <id>', 'speech provider to try first (its id in the provider table; offline is the built-in voice)')
    .option('--voice <id>', 'voice id for that provider (offline: en-gb, en-us, de, fr-fr, …)')
    .option('--bed <preset>', 'tone bed preset id, or "none"')
    .option('--gap <sec>', 'silence between repetitions, seconds')
    .option('--guru-pause <sec>', 'pause after each round\'s bell, seconds')
    .option('--balance <0-1>', 'voice-to-bed balance')
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '44100')
    .option('--data-dir <dir>', 'Koru data folder (speech cache)')
    .action(async (text: string, o: MantraRenderOptions) => {
      await (await import('./mantra')).mantraRender(text, o);
    });
  const story = command(program, 'story', 'a repository (folder or git URL) told as a chaptered, narrated story, to a WAV or MP3 file with ID3 chapters (offline unless API keys are set in the environment)');
  story.argument('<source>', 'a folder, or an http(s) git URL');
  story
    .option('--style <style>', 'documentary, tutorial, technical, fiction or podcast (two hosts)')
    .option('--minutes <n>', 'length, 3–60 minutes (default 10)')
    .option('--depth <level>', 'beginner, intermediate or advanced')
    .option('--focus <a,b>', 'focus areas, e.g. routing,auth')
    .option('--message <text>', 'what you want to hear, in your words; fills in what the options leave out')
    .option('--provider <id>', 'who writes and speaks, as far as it can do each (a provider id; offline does both)')
    .option('--voice <name>', 'narrator, and a podcast guest after a comma: rachel, drew, bella, antoni')
    .option('--ref <ref>', 'git branch, tag or commit (default: the default branch)')
    .option('--bed <preset>', 'a quiet tone bed under the narration (a session preset id); default none');
  required(story, '-o, --output <file>', 'output file, .wav or .mp3');
  story
    .option('--chapters <file>', 'also write the chapters (Podcasting 2.0 JSON)')
    .option('--transcript <file>', 'also write the transcript (Markdown with timestamps)')
    .option('-r, --rate <hz>', 'sample rate 44100 or 48000', '44100')
    .option('--data-dir <dir>', 'Koru data folder (library, repository and speech caches)')
    .action(async (source: string, o: StoryCliOptions) => {
      await (await import('./story')).storyCommand(source, o);
    });

  const sky = command(program, 'sky', 'moon phase, signs (tropical), sunrise and planetary hours, sky events');
  const placed = (c: Command) =>
    c.option('--lat <deg>', 'latitude, -90 to 90').option('--lon <deg>', 'longitude, -180 to 180 (east positive)').option('--tz <zone>', "IANA time zone of the place (default: this computer's)").option('--json', 'print JSON');
  placed(command(sky, 'now', 'phase, signs of Sun, Moon and planets, and (with a place) sun times and the current planetary hour')).action(async (o: SkyPlaceOptions) => (await import('./sky')).skyNowCommand(o));
  command(sky, 'events', 'moon quarters, eclipses and retrograde stations between two dates, in UTC')
    .option('--from <YYYY-MM-DD>', 'first day (UTC)')
    .option('--to <YYYY-MM-DD>', 'last day (UTC)')
    .option('--json', 'print JSON')
    .action(async (o: { from?: string; to?: string; json?: boolean }) => (await import('./sky')).skyEventsCommand(o));
  const assistant = command(program, 'assistant', 'talk to the assistant by text: one turn (--text) or a chat; prints the reply and the actions taken (offline unless API keys are set in the environment)')
    .option('--text <words>', 'what you say, e.g. "I want to learn Spanish in three months"')
    .option('--session <id>', 'carry on an earlier conversation')
    .option('--provider <id>', 'the model that answers: a provider that calls functions, or offline')
    .option('--json', 'print the turn as JSON')
    .option('--data-dir <dir>', 'Koru data folder')
    .action(async (o: AssistantCliOptions) => (await import('./assistant')).assistantText(o));
  command(assistant, 'chat', 'an interactive text conversation ("exit" ends it)')
    .option('--session <id>', 'carry on an earlier conversation')
    .option('--provider <id>', 'the model that answers: a provider that calls functions, or offline')
    .option('--data-dir <dir>', 'Koru data folder')
    .action(async (o: AssistantCliOptions) => (await import('./assistant')).assistantChat(o));
  const goals = command(program, 'goals', 'the goals the assistant recorded');
  command(goals, 'list', 'goals with their weekly milestones and progress')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'Koru data folder')
    .action(async (o: { json?: boolean; dataDir?: string }) => (await import('./assistant')).goalsList(o));
  const tasks = command(program, 'tasks', 'the tasks the assistant recorded');
  command(tasks, 'list', "today's, overdue and upcoming tasks, or one day's (due times in your time zone)")
    .option('--date <YYYY-MM-DD>', 'one day (in your time zone)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'Koru data folder')
    .action(async (o: { json?: boolean; date?: string; dataDir?: string }) => (await import('./assistant')).tasksList(o));
  placed(command(sky, 'hours', 'the 24 planetary hours of a date at a place').option('--date <YYYY-MM-DD>', 'local date')).action(async (o: SkyPlaceOptions & { date?: string }) => (await import('./sky')).skyHoursCommand(o));
}

/** A subcommand whose errors end with where to look for its options. */
function command(parent: Command, name: string, description: string): Command {
  const path = [...ancestry(parent), name].join(' ');
  return parent.command(name).description(description).showHelpAfterError(`(\`${path} --help\` lists its options)`);
}

function ancestry(c: Command | null): string[] {
  return c ? [...ancestry(c.parent), c.name()] : [];
}

/** `[file]` or `-i specs -L length`: what render and play take. */
function toneSource(c: Command): Command {
  return c
    .argument('[file]', 'SBaGen schedule (.sbg)')
    .option('-i, --immediate <specs>', 'tone specs, e.g. "pink/40 200+10/20"')
    .option('-L, --length <time>', 'length HH:MM:SS (required with -i)');
}

/** Commander checks required options before unknown ones, so `koru render --frobnicate` would
 *  complain about -o instead of naming --frobnicate. These are checked after (before the action). */
function requiredOptions(program: Command) {
  const byCommand = new Map<Command, Option[]>();
  program.hook('preAction', (_program, action) => {
    for (const option of byCommand.get(action) ?? []) {
      if (action.getOptionValue(option.attributeName()) === undefined)
        action.error(`required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
    }
  });
  return (c: Command, flags: string, description: string): void => {
    const option = new Option(flags, `${description} (required)`);
    byCommand.set(c, [...(byCommand.get(c) ?? []), option]);
    c.addOption(option);
  };
}
