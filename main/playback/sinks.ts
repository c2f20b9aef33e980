/** The engine's outputs, opened from a SinkSpec inside the audio host. */
import { createNullSink } from '../audio/sinks/null';
import { openPortAudioSink } from '../audio/sinks/portaudio';
import { createSimulatedDevice } from '../audio/sinks/simulated';
import type { Sink } from '../audio/types';
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
