/** A sink that keeps nothing: for benches, dry runs and tests. Counts what it was given. */
import { KoruError } from '../../../contract/errors';
import { CHANNELS, type Sink } from '../types';
import { checkBlock } from './staged-file';

export interface NullSink extends Sink {
  readonly framesWritten: number;
  readonly closed: boolean;
}

export function createNullSink(opts: { sampleRate: number }): NullSink {
  const sampleRate = opts?.sampleRate;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new KoruError('BAD_INPUT', `Null sink: bad sample rate ${sampleRate}`);
  }
  let frames = 0;
  let closed = false;
  return {
    sampleRate,
    get framesWritten() {
      return frames;
    },
    get closed() {
      return closed;
    },
    async write(block, count) {
      if (closed) throw new KoruError('BAD_INPUT', 'Null sink is already closed');
      checkBlock(block, count, CHANNELS);
      frames += count;
    },
    async close() {
      closed = true;
    },
  };
}
