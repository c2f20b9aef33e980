import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sink } from '../audio/types';
import { inlinePlayer } from '../playback/testing';
import { createRitualService } from './service';
import { fakeProviders, fakeSynth, providerSettings, recorder, tempEnv } from './testing';

const envs: ReturnType<typeof tempEnv>[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));

/** Behaves like a device with a 100 ms buffer: takes blocks no faster than real time. */
class ClockedSink implements Sink {
  readonly left: number[] = [];
  private frames = 0;
  private readonly start = performance.now();
  constructor(readonly sampleRate: number) {}
  async write(block: Float32Array, frames: number): Promise<void> {
    for (let i = 0; i < frames; i++) this.left.push(block[2 * i] as number);
    this.frames += frames;
    const ahead = (this.frames / this.sampleRate) * 1000 - (performance.now() - this.start);
    if (ahead > 100) await new Promise((r) => setTimeout(r, ahead - 100));
  }
  async close(): Promise<void> {}
}

describe('live ritual playback', () => {
  it('starts narrating as soon as the first segment is voiced, while the rest are still being voiced', async () => {
    const env = tempEnv();
    envs.push(env);
    const SYNTH_MS = 250;
    const synth = fakeSynth({ delayMs: SYNTH_MS });
    const sinks: ClockedSink[] = [];
    const { player, settings } = inlinePlayer({
      openSink: async (rate) => {
        const s = new ClockedSink(rate);
        sinks.push(s);
        return s;
      },
    });
    const service = createRitualService({
      db: env.db,
      files: env.files,
      providers: fakeProviders(synth.synth),
      player,
      emit: recorder().emit,
      log: () => {},
      getSettings: () => settings,
      getProviderSettings: providerSettings,
      exportDir: path.join(env.dir, 'exports'),
      concurrency: 1,
      leadInSec: 0,
    });
    const { id } = await service.generate({ intention: 'a quiet evening', minutes: 3, focus: ['breathing'], bed: 'none' });
    await vi.waitFor(() => expect(service.get(id).script).not.toBeNull(), { timeout: 5000, interval: 2 });
    await service.play(id);
    // With no bed, the first non-zero sample at the sink is narration.
    await vi.waitFor(() => expect(sinks[0]?.left.some((v) => Math.abs(v) > 0.01)).toBe(true), { timeout: 5000, interval: 2 });
    // Narration is heard while later segments are still being voiced (the time it takes is a
    // benchmark figure: `npm run bench`, bench/rituals.ts).
    const r = service.get(id);
    expect(r.status).toBe('voicing');
    expect(r.segments.done).toBeLessThan(r.segments.total);
    await player.stop();
    await service.cancel(id);
    await player.close();
  });
});
