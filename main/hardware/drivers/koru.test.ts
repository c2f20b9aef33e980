import { describe, expect, it } from 'vitest';
import { openTransport } from '../transport';
import { createKoruDevice } from '../sim/devices';
import { deviceBinding, mockPort, respondingBinding, ROUND_TRIP_MS } from '../testing';
import { createKoruDriver, parseKoruReply, parseKoruStatus } from './koru';

describe('Koru protocol parsing', () => {
  const status = parseKoruReply('STATUS', parseKoruStatus);

  it('reads a status line among echoes and the boot banner', () => {
    expect(status('STATUS\r\nREADY koru-amp 1.0\r\nOK STATUS POWER=ON VOLUME=35 MUTE=OFF\r\n')).toEqual({
      value: { power: true, volume: 35, mute: false, source: null },
    });
  });

  it('waits for the end of the line', () => {
    expect(status('OK STATUS POWER=ON VOLUME=3')).toBeNull();
  });

  it('tolerates unknown keys from newer firmware but refuses malformed values', () => {
    expect(status('OK STATUS TEMP=41 MUTE=ON VOLUME=0 POWER=OFF\n')).toEqual({ value: { power: false, volume: 0, mute: true, source: null } });
    expect(status('OK STATUS POWER=ON VOLUME=135 MUTE=OFF\n')).toEqual({ error: expect.stringMatching(/malformed/) });
    expect(status('OK STATUS POWER=MAYBE VOLUME=5 MUTE=OFF\n')).toEqual({ error: expect.stringMatching(/malformed/) });
  });

  it('reports ERR lines and long noise as errors', () => {
    expect(status('ERR UNKNOWN command\n')).toEqual({ error: 'device refused: UNKNOWN command' });
    expect(status('\x13\x88'.repeat(150))).toEqual({ error: expect.any(String) });
  });
});

describe('Koru driver over binding-mock', () => {
  it('identifies the firmware and round-trips every command, byte by byte', async () => {
    const device = createKoruDevice({ firmware: 'koru-amp 1.2.3' });
    const t = await openTransport({ path: mockPort(), baudRate: 115200, binding: deviceBinding(device, { chunks: 40 }), defaultTimeoutMs: ROUND_TRIP_MS });
    const d = createKoruDriver(t, {});
    expect(await d.identify()).toEqual({ firmware: 'koru-amp 1.2.3' });
    await d.setPower(true);
    await d.setMute(false);
    await d.setVolume(42);
    expect(await d.status()).toEqual({ power: true, volume: 42, mute: false, source: null });
    expect(device.volumeLog.map((e) => e.volume)).toEqual([42]);
    await expect(d.setSource(2)).rejects.toThrow(/no source selector/);
    await t.close();
  });

  it('turns a reply to the wrong question into a clear error', async () => {
    const t = await openTransport({ path: mockPort(), baudRate: 115200, binding: respondingBinding(() => 'OK VOLUME 7\r\n') });
    await expect(createKoruDriver(t, {}).setVolume(8)).rejects.toThrow(/unexpected reply.*malformed VOLUME/);
    await t.close();
  });
});
