// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AmpSettings, type AmpStatus } from '../../../contract/hardware';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { HardwarePage } from './HardwarePage';

beforeAll(installDomShims);
afterEach(cleanup);

const idle: AmpStatus = {
  state: 'disconnected', message: null, path: null, driver: null, zone: null, baudRate: null, firmware: null,
  power: null, volume: null, mute: null, source: null, targetVolume: null, maxVolume: 40, hardwareLevel: 2,
};

function setup(connect: (input: unknown) => AmpStatus | Promise<AmpStatus>, settings = () => AmpSettings.parse({})) {
  return fakeClient({
    'amp.status': () => idle,
    'amp.ports': () => ({ ports: [], error: 'cannot list serial ports: udevadm is missing on this system (install udev), enter the port path by hand' }),
    'amp.settings.get': settings,
    'sessions.list': () => [],
    'amp.connect': connect as never,
  });
}

describe('Hardware page', () => {
  it('connects to a typed path with the chosen driver and zone, then shows pushed status', async () => {
    const fake = setup((input) => ({ ...idle, state: 'connected', ...(input as object) }) as AmpStatus);
    renderWithClient(<HardwarePage />, fake.client);
    await screen.findByTestId('amp-ports-error');
    const connect = screen.getByTestId('amp-connect') as HTMLButtonElement;
    expect(connect.disabled).toBe(true);

    fireEvent.change(screen.getByTestId('amp-port'), { target: { value: ' /dev/ttyUSB3 ' } });
    fireEvent.change(screen.getByTestId('amp-zone'), { target: { value: '24' } });
    fireEvent.click(connect);
    await waitFor(() => expect(fake.callsTo('amp.connect')).toEqual([{ path: '/dev/ttyUSB3', driver: 'monoprice', zone: 24 }]));
    await waitFor(() => expect(screen.getByTestId('amp-state').textContent).toBe('Connected'));

    act(() => fake.emit('amp.status', { ...idle, state: 'connected', path: '/dev/ttyUSB3', driver: 'monoprice', zone: 24, power: true, volume: 21.1, mute: false, source: 2, targetVolume: 26.3 }));
    // TanStack Query notifies observers on its own tick, after act() returns.
    await waitFor(() => expect(screen.getByTestId('amp-volume-value').textContent).toBe('21%'));
    expect(screen.getByTestId('amp-target').textContent).toBe('26%');
    expect(screen.getByTestId('amp-power-state').textContent).toBe('On');
    expect(screen.getByTestId('amp-disconnect')).toBeTruthy();

    // The thumb, its aria value and the label say the same number (21.1 would sit off “21%”).
    const thumb = screen.getByRole('slider', { name: 'Amplifier volume' });
    expect(thumb.getAttribute('aria-valuenow')).toBe('21');
    expect(thumb.getAttribute('aria-valuetext')).toBe('21%');
    expect(screen.getByTestId('amp-volume-label').textContent).toBe('21% of max 40%');
    expect(screen.queryByTestId('amp-above-cap')).toBeNull();

    // Set above the cap elsewhere (its front panel): the thumb stops at the cap, and so does the label; a line says where it really is.
    act(() => fake.emit('amp.status', { ...idle, state: 'connected', path: '/dev/ttyUSB3', driver: 'monoprice', zone: 24, power: true, volume: 55.3, mute: false, targetVolume: null }));
    await waitFor(() => expect(screen.getByTestId('amp-volume-value').textContent).toBe('55%'));
    expect(thumb.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByTestId('amp-volume-label').textContent).toBe('40% of max 40%');
    expect(screen.getByTestId('amp-above-cap').textContent).toMatch(/at 55%, above your maximum of 40%/);
  });

  it('shows why a connection failed and while reconnecting says the audio goes on', async () => {
    const fake = setup(() => Promise.reject(new Error('/dev/ttyS9: no reply at 9600 baud — is the amplifier powered and connected?')));
    renderWithClient(<HardwarePage />, fake.client);
    fireEvent.click(await screen.findByTestId('amp-driver-koru'));
    expect(screen.queryByTestId('amp-zone')).toBeNull();
    fireEvent.change(screen.getByTestId('amp-port'), { target: { value: '/dev/ttyS9' } });
    fireEvent.click(screen.getByTestId('amp-connect'));
    await waitFor(() => expect(screen.getByTestId('amp-message').textContent).toMatch(/\/dev\/ttyS9: no reply at 9600 baud/));
    expect(fake.callsTo('amp.connect')).toEqual([{ path: '/dev/ttyS9', driver: 'koru' }]);

    act(() => fake.emit('amp.status', { ...idle, state: 'reconnecting', path: '/dev/ttyS9', driver: 'koru', message: '/dev/ttyS9: the port went away; reconnecting…' }));
    await waitFor(() => expect(screen.getByTestId('amp-state').textContent).toBe('Reconnecting…'));
  });

  it('fills the form with the amplifier used last time, and says it reconnects at start', async () => {
    const lastDevice = { path: '/dev/ttyACM1', driver: 'koru' as const, baudRate: 57600 as const, connectAtStart: false };
    const fake = setup((input) => ({ ...idle, state: 'connected', ...(input as object) }) as AmpStatus, () => AmpSettings.parse({ lastDevice }));
    renderWithClient(<HardwarePage />, fake.client);
    await waitFor(() => expect((screen.getByTestId('amp-port') as HTMLInputElement).value).toBe('/dev/ttyACM1'));
    expect((screen.getByTestId('amp-driver-koru') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('amp-baud') as HTMLSelectElement).value).toBe('57600');
    expect(screen.queryByTestId('amp-at-start')).toBeNull();

    lastDevice.connectAtStart = true; // what main stores after a successful connect
    fireEvent.click(screen.getByTestId('amp-connect'));
    await waitFor(() => expect(fake.callsTo('amp.connect')).toEqual([{ path: '/dev/ttyACM1', driver: 'koru', baudRate: 57600 }]));
    await screen.findByTestId('amp-at-start');
  });
});
