/** The `koru` command (bundled to dist-main/cli.js, started by bin/koru.mjs). Only commander and
 *  the command table load at start; see ./commands.ts. */
import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { registerCommands } from './commands';

/** Exit codes: 0 done, 1 failed at run time, 2 bad input (arguments, schedule). */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('koru')
    .description('Koru sound sessions from the command line: the same engine as the app.')
    .version(version)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // "koru: unknown option '--x'": the same prefix as every other error.
      outputError: (s, write) => write(`koru: ${s.replace(/^error: /, '')}`),
    });
  registerCommands(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // Already loaded if a command threw one; not loaded at all for --version and --help.
    const { KoruError } = await import('../../contract/errors');
    if (e instanceof KoruError) {
      process.stderr.write(`koru: ${e.message}\n`);
      return e.code === 'BAD_INPUT' || e.code === 'PARSE_ERROR' ? 2 : 1;
    }
    process.stderr.write(`koru: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
