/**
 * A simulated amplifier for trying Koru without hardware:
 *   npx tsx main/hardware/sim/run.ts [monoprice|koru] [dir]
 * prints the port to give Koru (Hardware page or `koru amp … --port`), then logs every volume
 * it is set to. Ctrl-C stops it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKoruDevice, createMonopriceDevice } from './devices';
import { startPtyPair } from './pty';
import { startSerialSim } from './serial-sim';

const kind = process.argv[2] === 'koru' ? 'koru' : 'monoprice';
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'koru-amp-sim-'));
const device = kind === 'koru' ? createKoruDevice() : createMonopriceDevice();
const pair = await startPtyPair(dir);
const sim = await startSerialSim({ path: pair.b, device });
console.log(`simulated ${kind} amplifier on ${pair.a}  (driver "${kind}")`);
let logged = 0;
const timer = setInterval(() => {
  for (const e of device.volumeLog.slice(logged)) console.log(`${new Date(e.atMs).toISOString()} volume ${e.volume}`);
  logged = device.volumeLog.length;
}, 100);
process.on('SIGINT', () => {
  clearInterval(timer);
  void sim.close().then(() => pair.kill()).then(() => process.exit(0));
});
