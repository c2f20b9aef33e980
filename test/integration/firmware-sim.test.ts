/** The real koru-amp sketch against Koru's real serial code: resources/firmware/koru-amp is built
 *  for an Arduino Uno (avr-gcc + Arduino's AVR core, test/firmware/build-sketch.sh) and run on the
 *  simavr emulator (test/firmware/sim-uart.c), its UART on a pty that Koru's transport opens like
 *  any USB serial port. The emulator also logs the relay (D7) and mute (D8) pins.
 *
 *  The tests share one running sketch and follow on from each other, as a session would. */
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmpStatus } from '../../contract/hardware';
import { createAmpConnection } from '../../main/hardware/connection';
import { createKoruDriver, parseKoruReply } from '../../main/hardware/drivers/koru';
import type { AmpDriver } from '../../main/hardware/drivers/types';
import { ROUND_TRIP_MS } from '../../main/hardware/testing';
import { openTransport, type ReplyParser, type Transport } from '../../main/hardware/transport';

const FIRMWARE_DIR = fileURLToPath(new URL('../firmware/', import.meta.url));
const ARDUINO_CORE = '/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h';
const SIMAVR_HEADER = '/usr/include/simavr/sim_avr.h';
const PACKAGES = 'gcc-avr avr-libc arduino-core-avr libsimavr-dev libsimavrparts1';

/** One clear line when the machine cannot build or emulate the sketch. */
function firmwareToolsMissing(): string | null {
  const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
  const missing = [
    !has('avr-gcc') && 'avr-gcc',
    !existsSync(ARDUINO_CORE) && "Arduino's AVR core",
    !existsSync(SIMAVR_HEADER) && 'simavr (headers and libraries)',
    !has('gcc') && 'gcc',
  ].filter(Boolean);
  return missing.length ? `firmware emulation needs ${missing.join(', ')} — install with: apt-get install -y ${PACKAGES} gcc libc6-dev` : null;
}

/** Runs a build step; a failure throws with the step's own output, not just an exit code. */
function build(what: string, cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

/** Starts the emulator; resolves with its pty once it has printed `PTY <path>` (CPU not yet running). */
function startEmulator(sim: string, elf: string, pinLog: string): Promise<{ proc: ChildProcessWithoutNullStreams; pty: string; stderr: () => string }> {
  const proc = spawn(sim, [elf, pinLog]);
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('no PTY line within 10 s'), 10_000);
    function fail(why: string) {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`sim-uart: ${why}\n${err}`));
    }
    proc.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before printing its pty`));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^PTY (\S+)\n/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      resolve({ proc, pty: m[1], stderr: () => err });
    });
  });
}

/** The first complete `OK …`/`ERR …` line, unparsed: what the firmware said to a raw command. */
const replyLine: ReplyParser<string> = (received) => {
  const line = received
    .split(/\r\n|\r|\n/)
    .slice(0, -1)
    .map((l) => l.trim())
    .find((l) => /^(OK|ERR) /.test(l));
  return line ? { value: line } : null;
};

let dir = '';
let pinLog = '';
let emulator: Awaited<ReturnType<typeof startEmulator>> | null = null;
let transport: Transport | null = null;
let driver: AmpDriver;
let banner: Promise<string>;

/** The pin log so far: ["D7 0", "D8 1", …]. */
const pins = (): string[] => readFileSync(pinLog, 'utf8').split('\n').filter(Boolean);
/** A pin's level after the last logged change (null: never driven). */
const level = (log: string[], pin: 'D7' | 'D8'): number | null => {
  const last = log.filter((l) => l.startsWith(`${pin} `)).at(-1);
  return last === undefined ? null : Number(last.slice(3));
};
const raw = (line: string) => transport!.request(line, replyLine);

beforeAll(async () => {
  const missing = firmwareToolsMissing();
  if (missing) throw new Error(missing);
  dir = mkdtempSync(join(tmpdir(), 'koru-firmware-'));
  pinLog = join(dir, 'pins.log');
  const size = build('build-sketch.sh (compiling koru-amp.ino for the Uno)', 'bash', [join(FIRMWARE_DIR, 'build-sketch.sh'), join(dir, 'sketch')]);
  expect(size).toMatch(/Program:\s+\d+ bytes/);
  const sim = join(dir, 'sim-uart');
  build('compiling sim-uart.c', 'gcc', ['-O2', '-Wall', '-Werror', '-I/usr/include/simavr', '-I/usr/include/simavr/parts', join(FIRMWARE_DIR, 'sim-uart.c'), '-o', sim, '-lsimavr', '-lsimavrparts', '-lpthread', '-lutil']);

  emulator = await startEmulator(sim, join(dir, 'sketch', 'koru-amp.elf'), pinLog);
  // Open the port before the CPU starts (opening flushes it), so the boot banner is ours to read.
  transport = await openTransport({ path: emulator.pty, baudRate: 115200, defaultTimeoutMs: ROUND_TRIP_MS });
  driver = createKoruDriver(transport, {});
  banner = transport.request('', (received) => {
    const m = /READY ([^\r\n]*)\r\n/.exec(received);
    return m?.[1] ? { value: m[1] } : null;
  });
  emulator.proc.stdin.write('g');
}, 120_000);

afterAll(async () => {
  await transport?.close();
  // The emulator only stops by itself if the firmware crashed: say so, after cleaning up.
  let died: string | null = null;
  if (emulator) {
    const { proc } = emulator;
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    } else died = `sim-uart stopped during the tests (${proc.signalCode ?? proc.exitCode}):\n${emulator.stderr()}`;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (died) throw new Error(died);
});

describe('koru-amp sketch on an emulated Arduino Uno', () => {
  it('boots with the amplifier off and muted, then announces itself', async () => {
    expect(await banner).toBe('koru-amp 1.0.0');
    // The pins are set before the banner is sent, so the log is complete here.
    const boot = pins();
    // Never on, never unmuted, not even for the moment between pinMode() and the first write.
    expect(boot).not.toContain('D7 1');
    expect(boot).not.toContain('D8 0');
    expect(level(boot, 'D7')).toBe(0);
    expect(level(boot, 'D8')).toBe(1);
  });

  it('identifies itself to the koru driver', async () => {
    expect(await driver.identify()).toEqual({ firmware: 'koru-amp 1.0.0' });
  });

  it('switches power, mute and volume, and drives the relay and mute pins', async () => {
    const before = pins().length;
    await driver.setPower(true);
    await driver.setMute(false);
    await driver.setVolume(42);
    expect(await driver.status()).toEqual({ power: true, volume: 42, mute: false, source: null });
    const after = pins().slice(before);
    expect(after).toEqual(['D7 1', 'D8 0']);
  });

  it('answers bad input with ERR lines and keeps its state', async () => {
    expect(await raw('VOLUME 101\n')).toBe('ERR RANGE VOLUME takes 0-100');
    expect(await raw('VOLUME -1\n')).toBe('ERR RANGE VOLUME takes 0-100');
    expect(await raw('POWER MAYBE\n')).toBe('ERR RANGE POWER takes ON or OFF');
    expect(await raw('POWER ON NOW\n')).toBe('ERR SYNTAX too many words');
    expect(await raw('\x01\xfe\x7fgarbage\n')).toBe('ERR UNKNOWN command');
    expect(await raw(`${'X'.repeat(200)}\n`)).toBe('ERR SYNTAX line too long');
    // PROTOCOL.md: lines longer than 63 characters are discarded; 63 itself is fine.
    expect(await raw(`VOLUME${' '.repeat(56)}7\n`)).toBe('OK VOLUME 7');
    expect(await raw(`VOLUME${' '.repeat(57)}8\n`)).toBe('ERR SYNTAX line too long');
    // Lower case and \r\n line ends are accepted.
    expect(await raw('volume 42\r\n')).toBe('OK VOLUME 42');
    // Koru's own parser turns an ERR line into a refusal.
    await expect(transport!.request('MUTE SOMETIMES\n', parseKoruReply('MUTE', () => true))).rejects.toThrow(/device refused: RANGE MUTE takes ON or OFF/);
    expect(await driver.status()).toEqual({ power: true, volume: 42, mute: false, source: null });
    expect(level(pins(), 'D7')).toBe(1);
    expect(level(pins(), 'D8')).toBe(0);
  });

  it("connects through Koru's connection layer and ramps the volume on the firmware", async () => {
    await transport!.close();
    transport = null;
    const events: AmpStatus[] = [];
    const conn = createAmpConnection({
      emit: (s) => events.push(s),
      log: () => undefined,
      limits: () => ({ maxVolume: 60, rampPercentPerSec: 40, hardwareLevel: 2 }),
      timeoutMs: ROUND_TRIP_MS,
    });
    try {
      const s = await conn.connect({ path: emulator!.pty, driver: 'koru' });
      expect(s).toMatchObject({ state: 'connected', firmware: 'koru-amp 1.0.0', power: true, volume: 42, mute: false, baudRate: 115200 });
      await conn.set({ volume: 50, mute: true });
      await conn.waitForRamp();
      expect(conn.status()).toMatchObject({ state: 'connected', volume: 50, mute: true, targetVolume: null });
      expect(level(pins(), 'D8')).toBe(1);
    } finally {
      await conn.close();
    }
    // What the firmware itself now says, over a fresh port.
    transport = await openTransport({ path: emulator!.pty, baudRate: 115200, defaultTimeoutMs: ROUND_TRIP_MS });
    expect(await createKoruDriver(transport, {}).status()).toEqual({ power: true, volume: 50, mute: true, source: null });
  });
});
