import { z } from 'zod';
import { Id } from './session';
import { Empty, type ChannelMap, type EventMap } from './channel-map';

/**
 * Amplifier control over a serial port. Volumes cross the contract as a percentage (0–100) of the
 * amplifier's own range, whatever its native steps (Monoprice 0–38, Koru controller 0–100), so the
 * UI, the profiles and the safety cap read the same for every driver.
 */
export const AmpDriverKind = z.enum(['monoprice', 'koru']);
export type AmpDriverKind = z.infer<typeof AmpDriverKind>;

export const AmpConnectionState = z.enum(['disconnected', 'connecting', 'connected', 'reconnecting', 'error']);
export type AmpConnectionState = z.infer<typeof AmpConnectionState>;

/** Monoprice/Dayton zones: unit 1–3, zone 1–6. */
export const AmpZone = z
  .number()
  .int()
  .refine((z) => Math.floor(z / 10) >= 1 && Math.floor(z / 10) <= 3 && z % 10 >= 1 && z % 10 <= 6, {
    message: 'zone must be 11–16, 21–26 or 31–36',
  });
export const Percent = z.number().min(0).max(100);
export const BaudRate = z.union([
  z.literal(2400), z.literal(4800), z.literal(9600), z.literal(19200), z.literal(38400), z.literal(57600), z.literal(115200),
]);

export const AmpPort = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});
export type AmpPort = z.infer<typeof AmpPort>;

export const AmpStatus = z.object({
  state: AmpConnectionState,
  /** Why the connection is in `error` / `reconnecting`, naming the port and the likely cause. */
  message: z.string().nullable(),
  path: z.string().nullable(),
  driver: AmpDriverKind.nullable(),
  zone: z.number().int().nullable(),
  baudRate: z.number().int().nullable(),
  firmware: z.string().nullable(),
  /** What the amplifier last reported (null until it has). */
  power: z.boolean().nullable(),
  volume: Percent.nullable(),
  mute: z.boolean().nullable(),
  source: z.number().int().nullable(),
  /** Where a ramp is heading, or null when the volume is at rest. */
  targetVolume: Percent.nullable(),
  maxVolume: Percent,
  hardwareLevel: z.union([z.literal(2), z.literal(3)]),
});
export type AmpStatus = z.infer<typeof AmpStatus>;

/** What the amplifier does for one session: at start, during the sleep-timer fade, at the end. */
export const AmpProfile = z
  .object({
    /** Off: the session leaves the amplifier alone. */
    follow: z.boolean().default(true),
    start: z
      .object({ powerOn: z.boolean().default(true), unmute: z.boolean().default(true), volume: Percent.default(25) })
      .strict()
      .default({ powerOn: true, unmute: true, volume: 25 }),
    /** Ramp the amplifier down with the player's sleep fade, over this many seconds before it ends. */
    sleepFade: z
      .object({ follow: z.boolean().default(true), seconds: z.number().min(1).max(600).default(30) })
      .strict()
      .default({ follow: true, seconds: 30 }),
    end: z
      .object({ rampTo: Percent.default(0), then: z.enum(['stay', 'mute', 'power-off']).default('mute') })
      .strict()
      .default({ rampTo: 0, then: 'mute' }),
  })
  .strict();
export type AmpProfile = z.infer<typeof AmpProfile>;
export type AmpProfileInput = z.input<typeof AmpProfile>;

/** Bare fields (no defaults): a patch must carry only what the caller sent — zod 4 would fill
 *  defaults into `.partial()` and reset settings nobody touched. */
const settingsFields = {
  /** Hard cap on the amplifier's volume, percent of its range. Default well below full. */
  maxVolume: Percent,
  /** Ramp speed: the volume never moves faster than this, percent per second. */
  rampPercentPerSec: z.number().min(1).max(50),
  /** 2: passive (amplifier + speakers); 3: amplified with a bass shaker (low frequencies limited). */
  hardwareLevel: z.union([z.literal(2), z.literal(3)]),
  /** The profile a session uses until it has its own. */
  defaultProfile: AmpProfile,
};
/** Where the amplifier is and how to talk to it: what `amp.connect` takes. */
export const AmpTarget = z
  .object({
    path: z.string().trim().min(1).max(500),
    driver: AmpDriverKind,
    zone: AmpZone.optional(),
    baudRate: BaudRate.optional(),
  })
  .strict();
export type AmpTarget = z.infer<typeof AmpTarget>;

/** The amplifier last connected, kept so the form is filled in and Koru can reconnect at start. */
export const AmpDevice = AmpTarget.extend({
  /** True from a successful connect until the user disconnects: Koru connects to it at start. */
  connectAtStart: z.boolean(),
});
export type AmpDevice = z.infer<typeof AmpDevice>;

export const AmpSettings = z.object({
  maxVolume: settingsFields.maxVolume.default(40),
  rampPercentPerSec: settingsFields.rampPercentPerSec.default(10),
  hardwareLevel: settingsFields.hardwareLevel.default(2),
  defaultProfile: AmpProfile.default(AmpProfile.parse({})),
  /** Set by connect and disconnect, not by a settings patch. */
  lastDevice: AmpDevice.nullable().default(null),
});
export type AmpSettings = z.infer<typeof AmpSettings>;
export const AmpSettingsPatch = z.object(settingsFields).partial();
export type AmpSettingsPatch = z.infer<typeof AmpSettingsPatch>;

const ProfileReply = z.object({ sessionId: Id, profile: AmpProfile, isDefault: z.boolean() });

export const hardwareChannels = {
  /** Serial ports on this machine; a failure to list (no udevadm, …) is reported in `error`. */
  'amp.ports': { input: Empty, output: z.object({ ports: z.array(AmpPort), error: z.string().nullable() }) },
  /** Connects and remembers the amplifier, so Koru connects to it again when it starts. */
  'amp.connect': { input: AmpTarget, output: AmpStatus },
  /** Disconnects; Koru no longer connects to it at start (the form stays filled in). */
  'amp.disconnect': { input: Empty, output: AmpStatus },
  'amp.status': { input: Empty, output: AmpStatus },
  /** Volume changes ramp at the configured rate; the reply comes at once, the ramp continues. */
  'amp.set': {
    input: z
      .object({ power: z.boolean().optional(), volume: Percent.optional(), mute: z.boolean().optional(), source: z.number().int().min(1).max(6).optional() })
      .strict(),
    output: AmpStatus,
  },
  'amp.settings.get': { input: Empty, output: AmpSettings },
  'amp.settings.update': { input: AmpSettingsPatch.strict(), output: AmpSettings },
  'amp.profile.get': { input: z.object({ sessionId: Id }).strict(), output: ProfileReply },
  /** `profile: null` returns the session to the default profile. */
  'amp.profile.set': { input: z.object({ sessionId: Id, profile: AmpProfile.nullable() }).strict(), output: ProfileReply },
} as const satisfies ChannelMap;

export const hardwareEvents = {
  'amp.status': { payload: AmpStatus },
} as const satisfies EventMap;
