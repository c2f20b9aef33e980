/** The contract's amplifier channels bound to the amplifier service: one line each. */
import type { hardwareChannels } from '../../contract/hardware';
import type { HandlersOf } from '../ipc';
import type { AmpService } from './service';

export type HardwareHandlers = HandlersOf<typeof hardwareChannels>;

export function buildHardwareHandlers(amp: AmpService): HardwareHandlers {
  return {
    'amp.ports': () => amp.listPorts(),
    'amp.connect': (t) => amp.connect(t),
    'amp.disconnect': () => amp.disconnect(),
    'amp.status': () => amp.connection.status(),
    'amp.set': (p) => amp.connection.set(p),
    'amp.settings.get': () => amp.settings(),
    'amp.settings.update': (patch) => amp.updateSettings(patch),
    'amp.profile.get': ({ sessionId }) => ({ sessionId, ...amp.store.getProfile(sessionId) }),
    'amp.profile.set': ({ sessionId, profile }) => ({ sessionId, ...amp.store.setProfile(sessionId, profile) }),
  };
}
