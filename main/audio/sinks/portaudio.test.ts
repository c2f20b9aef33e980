/** The PortAudio sink against a fake naudiodon whose stream is a real Node Writable, so the
 *  backpressure, error and close paths run exactly as they would on the native stream. The real
 *  device path (ALSA file plugin → WAV) is covered by test/integration/portaudio-capture.test.ts. */
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../../contract/errors';
import type { NaudiodonModule } from '../devices';
import { openPortAudioSink } from './portaudio';

interface FakeOpts {
  /** Hold every write callback until release() (a device that stopped pulling). */
  hold?: boolean;
  /** Never call quit/abort callbacks (a hung PortAudio). */
  hangOnQuit?: boolean;
  throwOnOpen?: string;
}

function fakeNaudiodon(fake: FakeOpts = {}) {
  const chunks: Buffer[] = [];
  const held: Array<() => void> = [];
  const calls = { start: 0, quit: 0, abort: 0, options: null as unknown };
  let stream: Writable | null = null;
  const mod = {
    getDevices: () => [
      { id: 0, name: 'Mic', maxInputChannels: 2, maxOutputChannels: 0, defaultSampleRate: 48000, hostAPIName: 'ALSA' },
      { id: 1, name: 'Speakers', maxInputChannels: 0, maxOutputChannels: 2, defaultSampleRate: 48000, hostAPIName: 'ALSA' },
    ],
    AudioIO: (options: { outOptions: { highwaterMark?: number } }) => {
      if (fake.throwOnOpen) throw new Error(fake.throwOnOpen);
      calls.options = options;
      const s = new Writable({
        highWaterMark: options.outOptions.highwaterMark ?? 16384,
        write(chunk: Buffer, _enc, cb) {
          chunks.push(Buffer.from(chunk));
          if (fake.hold) held.push(() => cb());
          else setImmediate(cb);
        },
      });
      Object.assign(s, {
        start: () => void calls.start++,
        quit: (cb?: () => void) => {
          calls.quit++;
          if (!fake.hangOnQuit) setImmediate(() => cb?.());
        },
        abort: (cb?: () => void) => {
          calls.abort++;
          if (!fake.hangOnQuit) setImmediate(() => cb?.());
        },
      });
      stream = s;
      return s;
    },
  };
  const load = () => ({ mod: mod as unknown as Pick<NaudiodonModule, 'getDevices' | 'AudioIO'> });
  return {
    load,
    chunks,
    calls,
    release: () => held.splice(0).forEach((f) => f()),
    stream: () => stream,
  };
}

const constant = (frames: number, v: number) => new Float32Array(frames * 2).fill(v);

describe('openPortAudioSink', () => {
  it('hands PortAudio dithered int16 and starts the stream on the first write only', async () => {
    const fake = fakeNaudiodon();
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, ditherSeed: 7 });
    await sink.write(constant(256, 0.25), 256);
    await sink.write(constant(256, -0.5), 256);
    expect(fake.calls.start).toBe(1);
    expect(sink.firstWriteAt).not.toBeNull();
    await sink.close(); // close() must first flush what the JS stream still buffers
    expect(fake.calls.quit).toBe(1);
    const pcm = new Int16Array(new Uint8Array(Buffer.concat(fake.chunks)).buffer);
    expect(pcm.length).toBe(1024);
    const first = Array.from(pcm.subarray(0, 512));
    const second = Array.from(pcm.subarray(512));
    // TPDF dither moves a sample by at most one LSB either way, and does move some of them.
    expect(Math.max(...first.map((x) => Math.abs(x - 8192)))).toBeLessThanOrEqual(1);
    expect(Math.max(...second.map((x) => Math.abs(x + 16384)))).toBeLessThanOrEqual(1);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('waits for drain when the stream is full, then resolves', async () => {
    const fake = fakeNaudiodon({ hold: true });
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, highWaterMarkBytes: 4096 });
    let resolved = false;
    const p = sink.write(constant(1024, 0.1), 1024).then(() => (resolved = true));
    await new Promise((r) => setImmediate(r)); // every pending callback has run: still held
    expect(resolved).toBe(false);
    fake.release();
    await p;
    expect(resolved).toBe(true);
  });

  it('refuses a missing named device with NO_DEVICE naming what exists', async () => {
    const fake = fakeNaudiodon();
    const err = await openPortAudioSink({ sampleRate: 48000, deviceName: 'USB DAC', load: fake.load }).catch((e) => e);
    expect(err).toBeInstanceOf(KoruError);
    expect(err.code).toBe('NO_DEVICE');
    expect(err.message).toContain('"Speakers"');
    expect(err.message).not.toContain('"Mic"');
  });

  it('picks a named device by its PortAudio id', async () => {
    const fake = fakeNaudiodon();
    const sink = await openPortAudioSink({ sampleRate: 44100, deviceName: 'Speakers', load: fake.load });
    expect(sink.deviceName).toBe('Speakers');
    expect(fake.calls.options).toMatchObject({ outOptions: { deviceId: 1, sampleRate: 44100, channelCount: 2, sampleFormat: 16, closeOnError: false } });
  });

  it('turns "No default device" and a failed load into NO_DEVICE', async () => {
    const fake = fakeNaudiodon({ throwOnOpen: 'No default device' });
    const err = await openPortAudioSink({ sampleRate: 48000, load: fake.load }).catch((e) => e);
    expect(err.code).toBe('NO_DEVICE');
    expect(err.message).toMatch(/No audio output device found.*ALSA\/PortAudio said: No default device/);
    const err2 = await openPortAudioSink({ sampleRate: 48000, load: () => ({ error: 'libportaudio.so: cannot open' }) }).catch((e) => e);
    expect(err2.code).toBe('NO_DEVICE');
    expect(err2.message).toContain('libportaudio.so');
  });

  it('surfaces a mid-stream error through onError and rejects writes', async () => {
    const fake = fakeNaudiodon({ hold: true });
    const onError = vi.fn();
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, onError, highWaterMarkBytes: 1024 });
    const pending = sink.write(constant(1024, 0.1), 1024);
    fake.stream()!.emit('error', new Error('ALSA: device disconnected'));
    await expect(pending).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('device disconnected') });
    await expect(sink.write(constant(16, 0), 16)).rejects.toMatchObject({ code: 'DEVICE_ERROR' });
    expect(onError).toHaveBeenCalledTimes(1);
    await sink.close();
    expect(fake.calls.abort).toBe(1);
  });

  it('treats a device that stops pulling as an error instead of waiting forever', async () => {
    const fake = fakeNaudiodon({ hold: true });
    const onError = vi.fn();
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, onError, stallTimeoutMs: 40, highWaterMarkBytes: 1024 });
    await expect(sink.write(constant(1024, 0.1), 1024)).rejects.toMatchObject({ code: 'DEVICE_ERROR' });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('closes within its timeout even when PortAudio never finishes, and twice is safe', async () => {
    const fake = fakeNaudiodon({ hangOnQuit: true });
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, closeTimeoutMs: 50 });
    await sink.write(constant(64, 0), 64);
    const t0 = performance.now();
    await Promise.all([sink.close(), sink.close()]);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(fake.calls.quit).toBe(1);
    await expect(sink.write(constant(64, 0), 64)).rejects.toMatchObject({ code: 'DEVICE_ERROR' });
  });

  it('counts a block as late when real time ran past everything handed over', async () => {
    const fake = fakeNaudiodon();
    let t = 0;
    const sink = await openPortAudioSink({ sampleRate: 48000, load: fake.load, now: () => t });
    await sink.write(constant(1024, 0), 1024); // t=0: clock starts, 21.3 ms handed
    t = 15;
    await sink.write(constant(1024, 0), 1024); // in time: 42.7 ms handed
    expect(sink.lateBlocks).toBe(0);
    t = 60; // the device ran dry at 42.7 ms
    await sink.write(constant(1024, 0), 1024);
    expect(sink.lateBlocks).toBe(1);
    t = 70; // re-based at 60 ms with 42.7 ms played: 64 ms handed covers 70 ms
    await sink.write(constant(1024, 0), 1024);
    expect(sink.lateBlocks).toBe(1);
  });

  it('rejects an impossible sample rate', async () => {
    await expect(openPortAudioSink({ sampleRate: 0, load: fakeNaudiodon().load })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
