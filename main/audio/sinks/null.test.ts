import { describe, expect, it } from 'vitest';
import { KoruError } from '../../../contract/errors';
import { createNullSink } from './null';

describe('createNullSink', () => {
  it('counts frames and can be closed twice', async () => {
    const sink = createNullSink({ sampleRate: 48000 });
    const block = new Float32Array(2 * 512);
    await sink.write(block, 512);
    await sink.write(block, 100);
    expect(sink.sampleRate).toBe(48000);
    expect(sink.framesWritten).toBe(612);
    await sink.close();
    await sink.close();
    expect(sink.closed).toBe(true);
    await expect(sink.write(block, 1)).rejects.toThrow(KoruError);
    expect(sink.framesWritten).toBe(612);
  });

  it('refuses bad blocks and rates', async () => {
    const sink = createNullSink({ sampleRate: 44100 });
    await expect(sink.write(new Float32Array(10), 6)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(sink.write(new Float32Array(10), 2.5)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(() => createNullSink({ sampleRate: 0 })).toThrow(KoruError);
  });
});
