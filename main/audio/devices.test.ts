import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listOutputDevices } from './devices';

const device = (id: number, name: string, outs: number, ins = 0) => ({
  id,
  name,
  maxInputChannels: ins,
  maxOutputChannels: outs,
  defaultSampleRate: 48000,
  defaultLowInputLatency: 0.01,
  defaultLowOutputLatency: 0.01,
  defaultHighInputLatency: 0.1,
  defaultHighOutputLatency: 0.1,
  hostAPIName: 'ALSA',
});

describe('listOutputDevices', () => {
  it('keeps only devices that can play stereo, in the contract shape', () => {
    const r = listOutputDevices(() => ({
      mod: { getDevices: () => [device(0, 'Mic', 0, 2), device(1, 'Mono', 1), device(2, 'DAC', 8)] },
    }));
    expect(r).toEqual({
      devices: [{ id: 2, name: 'DAC', maxOutputChannels: 8, defaultSampleRate: 48000, hostApi: 'ALSA' }],
      error: null,
    });
  });

  it('reports a load failure or a throwing PortAudio as text, never as an exception', () => {
    expect(listOutputDevices(() => ({ error: 'cannot open shared object' }))).toEqual({ devices: [], error: 'cannot open shared object' });
    const r = listOutputDevices(() => ({
      mod: {
        getDevices: () => {
          throw new Error('Could not initialize PortAudio: Host error');
        },
      },
    }));
    expect(r.devices).toEqual([]);
    expect(r.error).toContain('Host error');
  });

  it('says so when there is nothing to play on', () => {
    const r = listOutputDevices(() => ({ mod: { getDevices: () => [device(0, 'Mic', 0, 2)] } }));
    expect(r.devices).toEqual([]);
    expect(r.error).toMatch(/No audio output device/);
  });

  it('lists the ALSA default device through the real naudiodon', () => {
    // ALSA reads its configuration when PortAudio first initialises, which happens lazily
    // inside this call, so setting the environment here is early enough (vitest forks a
    // process per test file).
    const saved = process.env.ALSA_CONFIG_PATH;
    process.env.ALSA_CONFIG_PATH = fileURLToPath(new URL('../../test/alsa/asound.conf', import.meta.url));
    let r: ReturnType<typeof listOutputDevices>;
    try {
      r = listOutputDevices();
    } finally {
      if (saved === undefined) delete process.env.ALSA_CONFIG_PATH;
      else process.env.ALSA_CONFIG_PATH = saved;
    }
    expect(r.error).toBeNull();
    expect(r.devices.map((d) => d.name)).toContain('default');
    expect(r.devices.every((d) => d.maxOutputChannels >= 2 && d.hostApi === 'ALSA')).toBe(true);
  });
});
