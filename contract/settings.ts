import { z } from 'zod';

export const SampleRate = z.union([z.literal(44100), z.literal(48000)]);

const fields = {
  /** PortAudio device name, or null for the system default. */
  outputDevice: z.string().max(256).nullable(),
  sampleRate: SampleRate,
  /** Hard cap on output level 0..1, applied after everything else. */
  maxVolume: z.number().min(0).max(1),
};

export const Settings = z.object({
  outputDevice: fields.outputDevice.default(null),
  sampleRate: fields.sampleRate.default(48000),
  maxVolume: fields.maxVolume.default(0.8),
});
export type Settings = z.infer<typeof Settings>;

/** Built from the bare fields: a patch must carry only what the caller sent (zod 4 would
 *  otherwise fill defaults into `.partial()` and reset settings nobody touched). */
export const SettingsPatch = z.object(fields).partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const AudioDevice = z.object({
  id: z.number().int(),
  name: z.string(),
  maxOutputChannels: z.number().int(),
  defaultSampleRate: z.number(),
  hostApi: z.string(),
});
export type AudioDevice = z.infer<typeof AudioDevice>;
