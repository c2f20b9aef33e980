import { SerialPort } from 'serialport';
import type { AmpPort } from '../../contract/hardware';

type Lister = () => Promise<{ path: string; manufacturer?: string | undefined; serialNumber?: string | undefined; vendorId?: string | undefined; productId?: string | undefined }[]>;

/** Serial ports on this machine. Never throws: where listing fails (Linux without udev, where
 *  `SerialPort.list()` rejects with `spawn udevadm ENOENT`) the reason comes back in `error`. */
export async function listAmpPorts(list: Lister = () => SerialPort.list()): Promise<{ ports: AmpPort[]; error: string | null }> {
  try {
    const found = await list();
    const ports = found.map((p) => ({
      path: p.path,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
    }));
    return { ports, error: ports.length === 0 ? 'no serial ports found: plug the amplifier in, or enter the port path by hand' : null };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (/udevadm/.test(text) && /ENOENT/.test(text))
      return { ports: [], error: 'cannot list serial ports: udevadm is missing on this system (install udev), enter the port path by hand' };
    return { ports: [], error: `cannot list serial ports (${text}); enter the port path by hand` };
  }
}
