import { z } from 'zod';

export const SampleRate = z.union([z.literal(44100), z.literal(48000)]);

export const Settings = z.object({
  /** PortAudio device name, or null for the system default. */
  outputDevice: z.string().max(256).nullable().default(null),
  sampleRate: SampleRate.default(48000),
  /** Hard cap on output level 0..1, applied after everything else. */
  maxVolume: z.number().min(0).max(1).default(0.8),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const AudioDevice = z.object({
  id: z.number().int(),
  name: z.string(),
  maxOutputChannels: z.number().int(),
  defaultSampleRate: z.number(),
  hostApi: z.string(),
});
export type AudioDevice = z.infer<typeof AudioDevice>;
