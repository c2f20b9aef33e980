#!/usr/bin/env node
// `npm test`: check the system tools the tests need, then types, lint, build and every test layer.
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

/** A command on PATH that starts. */
function runs(cmd, args = ['--version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

const needs = [
  { what: 'Chromium (end-to-end tests)', ok: () => existsSync(process.env.KORU_CHROMIUM ?? '/usr/bin/chromium'), pkg: 'chromium' },
  { what: 'ALSA library (PortAudio capture tests)', ok: () => ['/usr/lib/x86_64-linux-gnu/libasound.so.2', '/usr/lib/aarch64-linux-gnu/libasound.so.2', '/usr/lib/libasound.so.2'].some(existsSync), pkg: 'libasound2' },
  { what: 'sox (the RF64 WAV reader test)', ok: () => runs('sox'), pkg: 'sox' },
  { what: 'socat (serial pty pairs for the amplifier tests)', ok: () => runs('socat', ['-V']), pkg: 'socat' },
  { what: 'ffmpeg (the dubbing tests encode their fixture in every codec; Koru never runs it)', ok: () => runs('ffmpeg', ['-version']), pkg: 'ffmpeg' },
  // test/integration/firmware-sim: the amplifier sketch built for an Uno and run on simavr.
  { what: 'avr-gcc (firmware emulation tests)', ok: () => runs('avr-gcc'), pkg: 'gcc-avr avr-libc' },
  { what: "Arduino's AVR core (firmware emulation tests)", ok: () => existsSync('/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h'), pkg: 'arduino-core-avr' },
  { what: 'simavr headers and libraries (firmware emulation tests)', ok: () => existsSync('/usr/include/simavr/sim_avr.h'), pkg: 'libsimavr-dev libsimavrparts1' },
  { what: 'a C compiler (firmware emulation tests)', ok: () => runs('gcc'), pkg: 'gcc libc6-dev' },
];
for (const n of needs) {
  if (!n.ok()) {
    console.error(`npm test: ${n.what} is missing — install it with: apt-get install -y ${n.pkg}`);
    process.exit(1);
  }
}

const steps = [
  ['types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  // The CLI tests run the built `koru` (dist-main/), as users do.
  ['build main', process.execPath, [fileURLToPath(new URL('./main-bundle.mjs', import.meta.url)), '--quiet']],
  ['tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(mkdtempSync(join(tmpdir(), 'koru-test-')), 'results.json')}`, ...process.argv.slice(2)]],
];
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (name === 'tests') summarize(args);
  if (r.status !== 0) {
    console.error(`npm test: ${name} failed`);
    process.exit(r.status ?? 1);
  }
}

/** One plain closing line CI can read whatever the runner: "tests: N passed, N failed". */
function summarize(args) {
  const file = args.find((a) => a.startsWith('--outputFile.json='))?.split('=')[1];
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  } catch {
    console.log('tests: 0 passed, 1 failed'); // the runner died before writing its report
  }
}
