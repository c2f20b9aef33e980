/** The live sink: interleaved Float32 → TPDF-dithered Int16 → naudiodon (PortAudio) write stream.
 *
 *  How naudiodon behaves (read from its source, 2.3.6): `write()` copies each chunk into a native
 *  queue of `maxQueue` chunks that PortAudio's callback thread drains; when that queue is full the
 *  JS Writable buffers up to `highwaterMark` bytes and then `write()` returns false until 'drain'.
 *  The callback thread *blocks* when the queue is empty (so a starved device underruns in ALSA and
 *  naudiodon only printf()s it with closeOnError=false), and `quit()` waits until the queue is
 *  drained — on a dead device it would wait forever, hence the timeouts below. */
import { KoruError } from '../../../contract/errors';
import { CHANNELS, type Sink } from '../types';
import { createDither, floatToInt16 } from '../pcm';
import type { IoStreamWrite } from 'naudiodon';
import { errorText, loadNaudiodon, type NaudiodonModule } from '../devices';

/** naudiodon's stream is a Node Writable; its .d.ts only names the NodeJS.WritableStream part. */
type OutStream = IoStreamWrite & { readonly writableLength: number };

export interface PortAudioSinkOptions {
  sampleRate: number;
  /** PortAudio device name; null/undefined = the system default. */
  deviceName?: string | null;
  /** PortAudio callback size in frames; 0 lets the host pick (naudiodon's default). */
  framesPerBuffer?: number;
  /** Bytes the JS side may buffer before write() waits (default: 1024 frames of stereo s16).
   *  With naudiodon's 2-chunk native queue and 1024-frame blocks that keeps ≈ 85–110 ms ahead. */
  highWaterMarkBytes?: number;
  /** Called once when the stream fails mid-play (device unplugged, PortAudio error, stall). */
  onError?: (err: KoruError) => void;
  /** A write that waits longer than this for the device means the device is gone. */
  stallTimeoutMs?: number;
  /** close() gives PortAudio this long to drain and stop before giving up on it. */
  closeTimeoutMs?: number;
  ditherSeed?: number;
  /** Injection points for tests (`now` drives the lateness estimate only). */
  load?: () => { mod: Pick<NaudiodonModule, 'getDevices' | 'AudioIO'> } | { error: string };
  now?: () => number;
}

export interface PortAudioSink extends Sink {
  /** Blocks that arrived after the device must already have run dry (time-based estimate). */
  readonly lateBlocks: number;
  readonly deviceName: string;
  /** performance.now() when the first samples were handed to PortAudio, or null. */
  readonly firstWriteAt: number | null;
}

const NO_DEVICE_HINT = 'No audio output device found';

export async function openPortAudioSink(opts: PortAudioSinkOptions): Promise<PortAudioSink> {
  const { sampleRate } = opts;
  if (!Number.isFinite(sampleRate) || sampleRate < 8000 || sampleRate > 192000) {
    throw new KoruError('BAD_INPUT', `Unsupported sample rate ${sampleRate}`);
  }
  const loaded = (opts.load ?? loadNaudiodon)();
  if ('error' in loaded) throw new KoruError('NO_DEVICE', `${NO_DEVICE_HINT} (${loaded.error})`);
  const na = loaded.mod;
  const now = opts.now ?? (() => performance.now());
  const stallTimeoutMs = opts.stallTimeoutMs ?? 3000;
  const closeTimeoutMs = opts.closeTimeoutMs ?? 2000;

  let deviceId = -1;
  let deviceName = 'default';
  if (opts.deviceName) {
    let names: string[] = [];
    try {
      const outs = na.getDevices().filter((d) => d.maxOutputChannels >= CHANNELS);
      names = outs.map((d) => d.name);
      const match = outs.find((d) => d.name === opts.deviceName);
      if (match) deviceId = match.id;
    } catch (err) {
      throw new KoruError('NO_DEVICE', `${NO_DEVICE_HINT} (PortAudio said: ${errorText(err)})`);
    }
    if (deviceId < 0) {
      throw new KoruError(
        'NO_DEVICE',
        `${NO_DEVICE_HINT} named "${opts.deviceName}" (PortAudio said: available outputs are ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'none'})`,
        { deviceName: opts.deviceName, available: names },
      );
    }
    deviceName = opts.deviceName;
  }

  let stream: OutStream;
  try {
    stream = na.AudioIO({
      outOptions: {
        channelCount: CHANNELS,
        sampleFormat: 16, // SampleFormat16Bit
        sampleRate,
        deviceId,
        framesPerBuffer: opts.framesPerBuffer ?? 0,
        highwaterMark: opts.highWaterMarkBytes ?? 1024 * CHANNELS * 2,
        closeOnError: false,
      },
    }) as OutStream;
  } catch (err) {
    const text = errorText(err);
    // naudiodon throws "No default device" when ALSA has no usable default PCM; anything else
    // ("Format not supported…", "Could not open stream…") is a device that exists but refused.
    if (/no default device/i.test(text)) throw new KoruError('NO_DEVICE', `${NO_DEVICE_HINT} (ALSA/PortAudio said: ${text})`);
    throw new KoruError('DEVICE_ERROR', `Could not open the audio output "${deviceName}": ${text}`);
  }

  const dither = createDither(opts.ditherSeed ?? (Math.random() * 0x100000000) >>> 0);
  let started = false;
  let failed: KoruError | null = null;
  let closing: Promise<void> | null = null;
  let firstWriteAt: number | null = null;
  // Time-based lateness: the device is assumed to consume at exactly real time from the first
  // write. If, when a block arrives, real time has passed more frames than were ever handed over,
  // the device ran dry before it: that block is late, and the clock re-bases (ALSA restarts).
  let clockStart = 0;
  let handedFrames = 0;
  let lateBlocks = 0;
  const pendingRejects = new Set<(e: Error) => void>();

  const fail = (err: unknown) => {
    if (failed) return;
    failed = err instanceof KoruError ? err : new KoruError('DEVICE_ERROR', `Audio output failed: ${errorText(err)}`);
    for (const reject of pendingRejects) reject(failed);
    pendingRejects.clear();
    opts.onError?.(failed);
  };
  stream.on('error', (err: unknown) => fail(err));

  const waitForDrain = () =>
    new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        stream.removeListener('drain', done);
        pendingRejects.delete(reject);
        resolve();
      };
      const timer = setTimeout(() => {
        stream.removeListener('drain', done);
        pendingRejects.delete(reject);
        fail(new KoruError('DEVICE_ERROR', `The audio device stopped taking samples (nothing for ${stallTimeoutMs} ms) — was it unplugged?`));
        reject(failed);
      }, stallTimeoutMs);
      pendingRejects.add((e) => {
        clearTimeout(timer);
        stream.removeListener('drain', done);
        reject(e);
      });
      stream.once('drain', done);
    });

  async function write(block: Float32Array, frames: number): Promise<void> {
    if (failed) throw failed;
    if (closing) throw new KoruError('DEVICE_ERROR', 'Audio output is closed');
    const pcm = new Int16Array(frames * CHANNELS);
    floatToInt16(block, frames, CHANNELS, pcm, dither);
    const t = now();
    if (!started) {
      clockStart = t;
    } else if ((t - clockStart) * 0.001 * sampleRate > handedFrames) {
      lateBlocks++;
      clockStart = t - (handedFrames / sampleRate) * 1000;
    }
    let ok: boolean;
    try {
      ok = stream.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      handedFrames += frames;
      if (!started) {
        started = true;
        firstWriteAt = now();
        stream.start();
      }
    } catch (err) {
      fail(err);
      throw failed;
    }
    if (!ok) await waitForDrain();
  }

  /** Resolve when PortAudio has stopped, or after `ms` — a dead device must not hang close(). */
  const stopWithin = (how: 'quit' | 'abort', ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      try {
        // naudiodon's quit() is an async function: a rejection must not go unhandled.
        const ret: unknown = stream[how](() => {
          clearTimeout(timer);
          resolve();
        });
        if (ret instanceof Promise) ret.catch(() => resolve());
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });

  async function close(): Promise<void> {
    closing ??= (async () => {
      // Let the JS-side buffer reach the native queue first, or quit() would drop it.
      const until = performance.now() + closeTimeoutMs;
      while (!failed && stream.writableLength > 0 && performance.now() < until) await delay(5);
      await stopWithin(failed ? 'abort' : 'quit', closeTimeoutMs);
      for (const reject of pendingRejects) reject(new KoruError('DEVICE_ERROR', 'Audio output is closed'));
      pendingRejects.clear();
    })();
    return closing;
  }

  return {
    sampleRate,
    deviceName,
    write,
    close,
    get lateBlocks() {
      return lateBlocks;
    },
    get firstWriteAt() {
      return firstWriteAt;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
