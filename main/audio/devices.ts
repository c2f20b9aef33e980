/** Output devices as PortAudio (naudiodon) sees them. naudiodon is a native module that pulls in
 *  libportaudio and ALSA at load time, so it is loaded lazily, on first use: a missing or broken
 *  build, or a machine without any ALSA configuration, becomes error text instead of a crash at
 *  start-up. */
import { createRequire } from 'node:module';
import type * as Naudiodon from 'naudiodon';
import type { AudioDevice } from '../../contract/settings';

export type NaudiodonModule = typeof Naudiodon;

let cached: { mod: NaudiodonModule } | { error: string } | null = null;

/** Load naudiodon once; later calls return the same module or the same load error. */
export function loadNaudiodon(): { mod: NaudiodonModule } | { error: string } {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    cached = { mod: require('naudiodon') as NaudiodonModule };
  } catch (err) {
    cached = { error: `PortAudio (naudiodon) could not be loaded: ${errorText(err)}` };
  }
  return cached;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Every device PortAudio can play stereo on. Never throws: failures come back as `error`. */
export function listOutputDevices(
  load: () => { mod: Pick<NaudiodonModule, 'getDevices'> } | { error: string } = loadNaudiodon,
): { devices: AudioDevice[]; error: string | null } {
  const loaded = load();
  if ('error' in loaded) return { devices: [], error: loaded.error };
  let infos: Naudiodon.DeviceInfo[];
  try {
    infos = loaded.mod.getDevices();
  } catch (err) {
    return { devices: [], error: `PortAudio could not list devices: ${errorText(err)}` };
  }
  const devices = infos
    .filter((d) => d.maxOutputChannels >= 2)
    .map((d) => ({
      id: d.id,
      name: d.name,
      maxOutputChannels: d.maxOutputChannels,
      defaultSampleRate: d.defaultSampleRate,
      hostApi: d.hostAPIName,
    }));
  return {
    devices,
    error: devices.length === 0 ? 'No audio output device found (PortAudio lists none with two channels)' : null,
  };
}
