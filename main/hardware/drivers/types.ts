import type { AmpDriverKind } from '../../../contract/hardware';
import type { Transport } from '../transport';

/** What an amplifier reports, in its own native units. */
export interface RawState {
  power: boolean;
  /** 0…maxRaw */
  volume: number;
  mute: boolean;
  /** Input channel, or null where the device has no selector. */
  source: number | null;
}

/** One protocol. Every method is a single queued command/reply over the transport. */
export interface AmpDriver {
  readonly kind: AmpDriverKind;
  /** The top of the native volume range (Monoprice 38, Koru controller 100). */
  readonly maxRaw: number;
  /** Confirms the device speaks this protocol; returns its firmware version where it has one. */
  identify(): Promise<{ firmware: string | null }>;
  status(): Promise<RawState>;
  setPower(on: boolean): Promise<void>;
  setVolume(raw: number): Promise<void>;
  setMute(on: boolean): Promise<void>;
  setSource(source: number): Promise<void>;
}

export interface DriverOptions {
  zone?: number;
}

export type DriverFactory = (t: Transport, opts: DriverOptions) => AmpDriver;

// A reply this long that still matched nothing is noise (wrong baud rate, wrong device): say so
// now instead of waiting out the timeout.
export const NONSENSE_AFTER = 200;
