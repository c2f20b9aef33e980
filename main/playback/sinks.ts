/** The engine's outputs, opened from a SinkSpec inside the audio host. */
import { createNullSink } from '../audio';
import { openPortAudioSink } from '../audio';
import { createSimulatedDevice } from '../audio';
import type { Sink } from '../audio';
import type { SinkSpec } from './protocol';

export async function openSinkFor(spec: SinkSpec, sampleRate: number, ditherSeed?: number): Promise<Sink> {
  switch (spec.kind) {
    case 'device':
      return openPortAudioSink({ sampleRate, deviceName: spec.deviceName, ...(ditherSeed === undefined ? {} : { ditherSeed }) });
    case 'simulated':
      return createSimulatedDevice(sampleRate, spec.queueMs);
    case 'null':
      return createNullSink({ sampleRate });
  }
}
