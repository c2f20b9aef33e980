import { z } from 'zod';
import { ById, Ok, type ChannelMap, type EventMap } from './channel-map';
import { ExportRequest, ExportResult } from './exports';
import { ProviderId } from './providers';
import { Id, PlaybackStatus } from './session';

/** Guided rituals: an intention → a written script → narrated segments over a tone bed. The
 *  providers behind them (ids, settings, status, channels) are declared in ./providers. */

// Ritual code names providers through these; they are declared once, in ./providers.
export { ProviderId, ProviderSettings, type ProviderStatus } from './providers';

/** Focus areas the offline writer has templates for; the LLM path accepts any short string. */
export const FOCUS_AREAS = [
  'breathing',
  'relaxation',
  'body-scan',
  'loving-kindness',
  'gratitude',
  'sleep',
  'visualisation',
  'focus',
  'grounding',
] as const;
export const RitualStyle = z.enum(['gentle', 'direct', 'poetic']);
export type RitualStyle = z.infer<typeof RitualStyle>;

export const MIN_MINUTES = 1;
export const MAX_MINUTES = 90;

export const RitualRequest = z
  .object({
    intention: z
      .string()
      .trim()
      .min(3, 'the intention needs at least 3 characters')
      .max(500, 'the intention may be at most 500 characters'),
    minutes: z
      .number()
      .min(MIN_MINUTES, `minutes must be between ${MIN_MINUTES} and ${MAX_MINUTES}`)
      .max(MAX_MINUTES, `minutes must be between ${MIN_MINUTES} and ${MAX_MINUTES}`),
    focus: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(8, 'at most 8 focus areas').default([]),
    style: RitualStyle.default('gentle'),
    /** Who writes the script; default: the first configured LLM, else the offline writer. */
    writer: ProviderId.optional(),
    /** Put this speech provider first in the fallback chain (the chain still ends offline). */
    provider: ProviderId.optional(),
    /** Voice id for that provider (checked against its voice list). */
    voice: z.string().trim().min(1).max(120).optional(),
    /** A preset id from `presets.list`, or 'none' for narration alone. */
    bed: z.string().trim().min(1).max(64).default('alpha-relax'),
    /** Narration-to-bed balance: 0 = bed only … 1 = narration only. */
    balance: z.number().min(0).max(1).default(0.7),
  })
  .strict();
export type RitualRequest = z.infer<typeof RitualRequest>;
export type RitualRequestInput = z.input<typeof RitualRequest>;

export const RitualSection = z.object({
  /** e.g. opening, breathing, body-scan, … closing (free text from an LLM, ≤ 40 chars). */
  kind: z.string().trim().min(1).max(40),
  text: z.string().trim().min(1).max(6000),
  /** Silence (bed only) after this section is spoken. */
  pauseAfterSec: z.number().min(0).max(600),
});
export type RitualSection = z.infer<typeof RitualSection>;

export const RitualScript = z.object({
  title: z.string().trim().min(1).max(120),
  sections: z.array(RitualSection).min(1).max(80),
});
export type RitualScript = z.infer<typeof RitualScript>;

export const RitualStatus = z.enum(['writing', 'voicing', 'ready', 'failed', 'cancelled']);
export type RitualStatus = z.infer<typeof RitualStatus>;

export const Ritual = z.object({
  id: Id,
  title: z.string(),
  request: RitualRequest,
  /** Null until the writer has produced it. */
  script: RitualScript.nullable(),
  status: RitualStatus,
  /** Why it failed (a message naming the provider and what to do), else null. */
  error: z.string().nullable(),
  /** Narration segments voiced so far / in total. */
  segments: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
  /** Which speech provider/voice actually voiced it (after fallback), once known. */
  speech: z.object({ provider: ProviderId, voice: z.string(), model: z.string() }).nullable(),
  /** Length of the finished ritual (narration + pauses), 0 until known. */
  durationSec: z.number().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ritual = z.infer<typeof Ritual>;

export const RitualSummary = Ritual.pick({
  id: true,
  title: true,
  status: true,
  durationSec: true,
  createdAt: true,
  updatedAt: true,
}).extend({ intention: z.string(), minutes: z.number() });
export type RitualSummary = z.infer<typeof RitualSummary>;

/** How many rituals one library page lists. */
export const RITUAL_PAGE = 100;


/** Guided rituals. */
export const ritualChannels = {
  /** Validates, stores a 'writing' ritual and returns at once; progress arrives as events. */
  'rituals.generate': { input: RitualRequest, output: z.object({ id: Id }) },
  'rituals.cancel': { input: ById, output: Ok },
  /** Runs a failed, cancelled or interrupted ritual again; voiced segments come from the cache. */
  'rituals.resume': { input: ById, output: z.object({ id: Id }) },
  /** Newest first, at most `limit` (the library pages with "Show more"); `query` is a
   *  full-text search over title, intention and script. */
  'rituals.list': {
    input: z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(1000).default(RITUAL_PAGE) }).strict().prefault({}),
    output: z.array(RitualSummary),
  },
  'rituals.get': { input: ById, output: Ritual },
  'rituals.rename': {
    input: z.object({ id: Id, title: z.string().trim().min(1, 'a title is required').max(120) }).strict(),
    output: Ritual,
  },
  /** Rewrite and re-voice one section (`index` into script.sections); progress as events. */
  'rituals.regenerateSection': {
    input: z.object({ id: Id, index: z.number().int().min(0).max(79) }).strict(),
    output: Ritual,
  },
  'rituals.delete': { input: ById, output: Ok },
  /** Plays through the session player (starts while later segments still synthesize). */
  'rituals.play': { input: ById, output: PlaybackStatus },
  'rituals.export': { input: ExportRequest, output: ExportResult },

} as const satisfies ChannelMap;

export const RitualStage = z.enum(['writing', 'voicing', 'ready', 'failed', 'cancelled']);

export const ritualEvents = {
  /** One per stage change and per voiced segment. */
  'ritual.progress': {
    payload: z.object({
      id: Id,
      stage: RitualStage,
      done: z.number().int().min(0),
      total: z.number().int().min(0),
      message: z.string(),
    }),
  },
  /** A ritual was created, changed or deleted (`ritual: null`); lists refresh from this. */
  'ritual.updated': { payload: z.object({ id: Id, ritual: RitualSummary.nullable() }) },
} as const satisfies EventMap;
