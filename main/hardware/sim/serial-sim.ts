import { SerialPort } from 'serialport';
import type { SerialBinding } from '../transport';
import type { SimDevice } from './devices';

export type SimBehaviour = 'normal' | 'silent' | 'garbage';

export interface SerialSim {
  readonly device: SimDevice;
  behaviour: SimBehaviour;
  close(): Promise<void>;
}

/**
 * A simulated amplifier on a serial port (one end of a socat pty pair). SerialPort, not a raw fs
 * stream: a pending fs read on a pty keeps the process alive forever (ARCHITECTURE §6).
 */
export async function startSerialSim(opts: {
  path: string;
  device: SimDevice;
  baudRate?: number;
  behaviour?: SimBehaviour;
  binding?: SerialBinding;
}): Promise<SerialSim> {
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false, ...(opts.binding ? { binding: opts.binding } : {}) });
  await new Promise<void>((res, rej) => port.open((err) => (err ? rej(err) : res())));
  const sim: SerialSim = {
    device: opts.device,
    behaviour: opts.behaviour ?? 'normal',
    async close() {
      if (!port.isOpen) return;
      await new Promise<void>((res) => port.close(() => res()));
    },
  };
  if (opts.device.banner && sim.behaviour === 'normal') port.write(opts.device.banner);
  port.on('data', (chunk: Buffer) => {
    if (sim.behaviour === 'silent') return;
    if (sim.behaviour === 'garbage') {
      // What a device at the wrong baud rate looks like: bytes, but no protocol.
      port.write(Buffer.from(Array.from({ length: chunk.length * 3 }, (_, i) => (i * 73 + 0x80) & 0xff)));
      return;
    }
    const reply = opts.device.receive(chunk.toString('latin1'));
    if (reply) port.write(Buffer.from(reply, 'latin1'));
  });
  port.on('error', () => undefined);
  return sim;
}
