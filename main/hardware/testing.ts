// Test helpers (not imported by production code): a simulated device behind @serialport/binding-mock.
import { MockBinding } from '@serialport/binding-mock';
import type { SerialBinding } from './transport';
import type { SimDevice } from './sim/devices';

/** Reply timeout for tests of the protocol, not of speed: a loaded CI machine once stalled a
 *  reply past the transport's 500 ms default. */
export const ROUND_TRIP_MS = 5000;

export type Responder = (written: string) => string | null;

/**
 * MockBinding whose ports answer through `respond` (a SimDevice's `receive`, or any function),
 * delivering each reply in `chunks` pieces to exercise partial-line handling.
 */
export function respondingBinding(respond: Responder, opts: { chunks?: number; delayMs?: number } = {}): SerialBinding {
  const binding = {
    ...MockBinding,
    async open(options: Parameters<typeof MockBinding.open>[0]) {
      const port = await MockBinding.open(options);
      const write = port.write.bind(port);
      port.write = async (buf: Buffer) => {
        await write(buf);
        const reply = respond(buf.toString('latin1'));
        if (!reply) return;
        const n = Math.max(1, opts.chunks ?? 1);
        const size = Math.ceil(reply.length / n);
        for (let i = 0; i < n; i++) {
          const piece = reply.slice(i * size, (i + 1) * size);
          if (piece) setTimeout(() => port.isOpen && port.emitData(Buffer.from(piece, 'latin1')), (opts.delayMs ?? 1) * (i + 1));
        }
      };
      return port;
    },
  };
  return binding as unknown as SerialBinding;
}

export function deviceBinding(device: SimDevice, opts?: { chunks?: number; delayMs?: number }): SerialBinding {
  return respondingBinding((w) => device.receive(w), opts);
}

/** A fresh mock port path (MockBinding keeps ports in a global table). */
let n = 0;
export function mockPort(): string {
  const path = `/dev/koru-mock-${++n}`;
  MockBinding.createPort(path, { echo: false, record: false });
  return path;
}
