/**
 * The one logger shape of the main process: every service, repository and transport takes a `Log`,
 * so the composition root passes one logger straight through. Tests pass a spy to assert what was
 * (and was not) logged.
 */
/** `debug`: detail for a log file or KORU_DEBUG=1, never the terminal by default (e.g. PortAudio's own chatter). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, detail?: unknown) => void;

export const silentLog: Log = () => {};

/** The terminal logger: warnings and errors to stderr, debug lines only with KORU_DEBUG set. */
export const consoleLog: Log = (level, message, detail) => {
  if (level === 'debug' && !process.env.KORU_DEBUG) return;
  const line = `[koru] ${level}: ${message}`;
  if (level === 'error') console.error(line, detail ?? '');
  else if (level === 'warn') console.warn(line, detail ?? '');
  else console.log(line);
};
