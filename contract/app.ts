import { z } from 'zod';
import { Empty, type ChannelMap } from './channel-map';
import { Settings, SettingsPatch } from './settings';

/** The app itself: what is running, and the user's settings. */
export const appChannels = {
  'app.info': {
    input: Empty,
    output: z.object({ version: z.string(), mode: z.enum(['electron', 'web']), dataDir: z.string() }),
  },
  'settings.get': { input: Empty, output: Settings },
  'settings.update': { input: SettingsPatch.strict(), output: Settings },
} as const satisfies ChannelMap;
