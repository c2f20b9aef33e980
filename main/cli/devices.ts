import { KoruError } from '../../contract/errors';
import { listOutputDevices } from '../audio/devices';

/** `koru devices`: the outputs PortAudio can play stereo on, one per line. */
export function devicesCommand(): void {
  const { devices, error } = listOutputDevices();
  if (error) throw new KoruError('NO_DEVICE', error);
  if (devices.length === 0) throw new KoruError('NO_DEVICE', 'no audio output devices found');
  for (const d of devices) console.log(`${d.id}\t${d.name}\t${d.maxOutputChannels} ch\t${d.defaultSampleRate} Hz\t${d.hostApi}`);
}
