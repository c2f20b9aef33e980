/** The audio host: a process of its own for live playback (started by host-link.ts). Its event
 *  loop runs the engine's output and nothing else, its garbage collector sees only audio, and
 *  PortAudio's and ALSA's own console chatter lands on this process's stdout/stderr, which the
 *  app reads into its log instead of the user's terminal. It exits when the app goes away. */
import { KoruError } from '../../contract/errors';
import { listOutputDevices } from '../audio';
import { createEngine } from './engine';
import type { HostMessage, HostRequest } from './protocol';
import { openSinkFor } from './sinks';
import { AUDIO_NICE, setThreadNice } from '../workers';

const send = (m: HostMessage) => {
  if (process.connected) process.send?.(m);
};

const engine = createEngine({ post: send, openSink: openSinkFor, listDevices: listOutputDevices, render: 'worker' });
// The output thread asks to be scheduled ahead of ordinary work; where that is not allowed, the
// app's own heavy workers lower themselves instead (main/workers/priority.ts).
const raised = setThreadNice(AUDIO_NICE);
send({ t: 'log', level: 'debug', message: raised ? `engine: output thread at nice ${AUDIO_NICE}` : 'engine: output thread at normal priority (raising it is not allowed here)' });

process.on('message', (req: HostRequest) => {
  engine.handle(req.cmd).then(
    (value) => send({ t: 'reply', id: req.id, ok: true, value: value ?? null }),
    (err: unknown) => {
      const error = err instanceof KoruError ? err.toShape() : { code: 'INTERNAL' as const, message: err instanceof Error ? err.message : String(err) };
      send({ t: 'reply', id: req.id, ok: false, error });
    },
  );
});

// The app closed the channel (it quit or crashed): fade out and leave, never play on orphaned.
process.on('disconnect', () => {
  void engine.close().finally(() => process.exit(0));
});
