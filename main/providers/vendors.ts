import type { ProviderId } from '../../contract/providers';
import { anthropicVendor } from './anthropic';
import { deepgramVendor } from './deepgram';
import { elevenlabsVendor } from './elevenlabs';
import { geminiVendor } from './gemini';
import { githubVendor } from './github';
import { offlineVendor } from './offline';
import { openaiVendor } from './openai';
import type { Vendor } from './vendor';

/** Each provider of the table (contract/providers.ts) → its clients. A provider added to the
 *  table but not here does not compile. */
export const VENDORS: { [P in ProviderId]: Vendor<P> } = {
  elevenlabs: elevenlabsVendor,
  openai: openaiVendor,
  gemini: geminiVendor,
  anthropic: anthropicVendor,
  github: githubVendor,
  deepgram: deepgramVendor,
  offline: offlineVendor,
};
