import { describe, expect, it } from 'vitest';
import { openTransport } from '../transport';
import { createMonopriceDevice } from '../sim/devices';
import { deviceBinding, mockPort, respondingBinding, ROUND_TRIP_MS } from '../testing';
import { createMonopriceDriver, monopriceCommand, parseMonopriceAck, parseMonopriceStatus } from './monoprice';

const LINE = '#>1100010000130707100101\r\n#';

describe('Monoprice reply parsing', () => {
  const parse = parseMonopriceStatus(11);

  it('reads the 11 fields after the echo', () => {
    const r = parse(`?11\r\r\n${LINE}`);
    expect(r).toEqual({ value: expect.objectContaining({ zone: 11, power: true, mute: false, volume: 13, treble: 7, bass: 7, balance: 10, source: 1 }) });
  });

  it('waits on a partial line instead of misreading it', () => {
    expect(parse('?11\r\r\n#>11000100001307')).toBeNull();
    expect(parse('?11\r\r\n#>1100010000130707100101')).toBeNull(); // no line end yet
    expect(parse('')).toBeNull();
  });

  it('skips garbage, other zones and stray prompts before the line', () => {
    const r = parse(`\x00\xff#?!junk\r\n#>1200000000050707100201\r\n${LINE}`);
    expect(r && 'value' in r && r.value.volume).toBe(13);
  });

  it('refuses fields outside the protocol ranges', () => {
    expect(parse('#>1100010000450707100101\r\n#')).toEqual({ error: expect.stringMatching(/VO=45/) });
    expect(parse('#>1100010000130707100901\r\n#')).toEqual({ error: expect.stringMatching(/CH=09/) });
  });

  it('gives up on a long stream of noise rather than waiting for the timeout', () => {
    expect(parse('\xa5'.repeat(300))).toEqual({ error: expect.any(String) });
    expect(parse('\xa5'.repeat(50))).toBeNull();
  });

  it('acknowledges a set by its echo only', () => {
    const ack = parseMonopriceAck(monopriceCommand(11, 'VO', 5));
    expect(monopriceCommand(11, 'VO', 5)).toBe('<11VO05\r');
    expect(ack('<11VO0')).toBeNull();
    expect(ack('noise<11VO05\r\r\n#')).toEqual({ value: true });
  });
});

describe('Monoprice driver over binding-mock', () => {
  it('round-trips power, volume, mute and source, replies split into pieces', async () => {
    const device = createMonopriceDevice({ zone: 12 });
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding: deviceBinding(device, { chunks: 4 }), defaultTimeoutMs: ROUND_TRIP_MS });
    const d = createMonopriceDriver(t, { zone: 12 });
    await d.setPower(true);
    await d.setVolume(20);
    await d.setMute(true);
    await d.setSource(3);
    expect(await d.status()).toMatchObject({ power: true, volume: 20, mute: true, source: 3 });
    expect(device.volumeLog.map((e) => e.volume)).toEqual([20]);
    await t.close();
  });

  it('refuses out-of-range values and zones before anything is sent', async () => {
    const sent: string[] = [];
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding: respondingBinding((w) => (sent.push(w), null)) });
    expect(() => createMonopriceDriver(t, { zone: 17 })).toThrow(/zone/);
    const d = createMonopriceDriver(t, { zone: 11 });
    expect(() => d.setVolume(39)).toThrow(/0–38/);
    expect(() => d.setSource(7)).toThrow(/1–6/);
    expect(sent).toEqual([]);
    await t.close();
  });

  it('times out on silence with the port named', async () => {
    const t = await openTransport({ path: mockPort(), baudRate: 9600, binding: respondingBinding(() => null), defaultTimeoutMs: 80 });
    await expect(createMonopriceDriver(t, {}).status()).rejects.toThrow(/koru-mock-\d+: no reply/);
    await t.close();
  });
});
