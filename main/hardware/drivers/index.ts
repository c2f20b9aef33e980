import type { AmpDriverKind } from '../../../contract/hardware';
import { createKoruDriver, KORU_BAUD, KORU_MAX_VOLUME } from './koru';
import { createMonopriceDriver, MONOPRICE_BAUD, MONOPRICE_MAX_VOLUME } from './monoprice';
import type { DriverFactory } from './types';

export type { AmpDriver, RawState, DriverOptions } from './types';

export const drivers: Record<AmpDriverKind, { create: DriverFactory; baudRate: number; maxRaw: number; label: string }> = {
  monoprice: { create: createMonopriceDriver, baudRate: MONOPRICE_BAUD, maxRaw: MONOPRICE_MAX_VOLUME, label: 'Monoprice/Dayton 6-zone' },
  koru: { create: createKoruDriver, baudRate: KORU_BAUD, maxRaw: KORU_MAX_VOLUME, label: 'Koru controller' },
};
