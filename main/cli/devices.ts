import { KoruError } from '../../contract/errors';
import { processHostLink } from '../playback';
import type { DeviceList } from '../playback';
import { engineLog } from './play';

/** `koru devices`: the outputs PortAudio can play stereo on, one per line — asked of the audio
 *  engine's process, so PortAudio's and ALSA's chatter stays out of the terminal. */
export async function devicesCommand(): Promise<void> {
  const link = processHostLink({ log: engineLog() });
  let list: DeviceList;
  try {
    list = await link.request<DeviceList>({ t: 'devices' });
  } finally {
    await link.close();
  }
  const { devices, error } = list;
  if (error) throw new KoruError('NO_DEVICE', error);
  if (devices.length === 0) throw new KoruError('NO_DEVICE', 'no audio output devices found');
  for (const d of devices) console.log(`${d.id}\t${d.name}\t${d.maxOutputChannels} ch\t${d.defaultSampleRate} Hz\t${d.hostApi}`);
}
