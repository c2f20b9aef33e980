/**
 * The logger every transport takes; the same shape as the composition root's `Log`, so the app
 * passes its logger straight through. Tests pass a spy to assert what was (and was not) logged.
 */
/** `debug`: detail for a log file or KORU_DEBUG=1, never the terminal by default (e.g. PortAudio's own chatter). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, detail?: unknown) => void;

export const silentLog: Log = () => {};
