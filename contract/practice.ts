import { z } from 'zod';
import type { ChannelMap, EventMap } from './channel-map';
import { ExportRequest, ExportResult } from './exports';
import { ProviderId } from './providers';
import { Id, PlaybackStatus } from './session';

/** Mantra practice: a library of mantras, counting on a mala (tap, space key, or voiced
 *  automatically like a prayer wheel), counts kept per mantra and day, dedications, and texts
 *  (intention, dedication, reflection) written by a text provider or the offline templates. */

/** A mantra's text, in characters: long enough for a dharani, far short of a document. */
export const MANTRA_TEXT_MAX = 2000;
/** Meaning, dedication and written texts. */
export const PRACTICE_NOTE_MAX = 2000;
/** Any count: a round's size, a daily target, how many repetitions a voiced practice speaks. */
export const COUNT_MIN = 1;
export const COUNT_MAX = 100_000;
/** A voiced practice is rendered as one timeline: a hundred malas at most (about 9 h at the default pace). */
export const VOICED_COUNT_MAX = 10_800;
/** The traditional mala. */
export const MALA_BEADS = 108;
/** Days of history one request returns at most. */
export const HISTORY_DAYS_MAX = 366;
/** Beads one count request may add (a tap adds 1; "add 27" from a physical mala). */
export const ADD_MAX = 1000;
/** The shortest silence between two voiced repetitions (the narration mixer's shortest breath). */
export const GAP_MIN_SEC = 0.6;

const Text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} cannot be empty`)
    .max(max, `the ${what} may be at most ${max.toLocaleString('en')} characters`);

const count = (what: string, max = COUNT_MAX) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(COUNT_MIN, `${what} must be between ${COUNT_MIN} and ${max.toLocaleString('en')}`)
    .max(max, `${what} must be between ${COUNT_MIN} and ${max.toLocaleString('en')}`);

export const MantraDraft = z
  .object({
    text: Text('mantra', MANTRA_TEXT_MAX),
    /** e.g. Sanskrit, Pali, Tibetan, Japanese, English. */
    language: Text('language', 40),
    /** e.g. Tibetan Buddhism, Vedic, Orthodox Christian. */
    tradition: Text('tradition', 80),
    meaning: z.string().trim().max(PRACTICE_NOTE_MAX, `the meaning may be at most ${PRACTICE_NOTE_MAX} characters`).default(''),
  })
  .strict();
export type MantraDraft = z.infer<typeof MantraDraft>;
export type MantraDraftInput = z.input<typeof MantraDraft>;

export const Mantra = z.object({
  id: Id,
  text: z.string(),
  language: z.string(),
  tradition: z.string(),
  meaning: z.string(),
  /** Where a starter mantra comes from (a text or a lineage); null for your own. */
  source: z.string().nullable(),
  /** Starter mantras ship with Koru and cannot be edited or deleted. */
  builtin: z.boolean(),
});
export type Mantra = z.infer<typeof Mantra>;

/** How one mantra is practised: kept per mantra, changed from the page. Bare fields first, so
 *  a patch carries only what the caller sent (see SettingsPatch in ./settings). */
const settingFields = {
  /** Beads in a round (a mala has 108); a bell rings when a round completes. */
  roundSize: count('a round'),
  /** Repetitions a day you aim for. */
  dailyTarget: count('the daily target'),
  /** The pause at the guru bead, after each round, seconds. */
  guruPauseSec: z.number().min(0).max(60),
  /** Voiced practice: how many repetitions to speak. */
  voicedCount: count('a voiced practice', VOICED_COUNT_MAX),
  /** Speech provider to try first (the chain still ends with the offline voice); null: the
   *  settings' order. */
  provider: ProviderId.nullable(),
  /** Voice id for that provider; null: its configured voice. */
  voice: z.string().trim().min(1).max(120).nullable(),
  /** A session preset id to play under the voice, or 'none'. */
  bed: z.string().trim().min(1).max(64),
  /** Silence between repetitions, seconds: the pace. */
  gapSec: z.number().min(GAP_MIN_SEC, `the pause between repetitions must be at least ${GAP_MIN_SEC} s`).max(30),
  /** Voice-to-bed balance: 0 = bed only … 1 = voice only. */
  balance: z.number().min(0).max(1),
};
export const PRACTICE_DEFAULTS = {
  roundSize: MALA_BEADS,
  dailyTarget: MALA_BEADS,
  guruPauseSec: 5,
  voicedCount: MALA_BEADS,
  provider: null,
  voice: null,
  bed: 'alpha-relax',
  gapSec: 1.2,
  balance: 0.7,
} as const;
export const PracticeSettings = z.object(settingFields).strict();
export type PracticeSettings = z.infer<typeof PracticeSettings>;
export const PracticeSettingsPatch = z.object(settingFields).partial().strict();
export type PracticeSettingsPatch = z.infer<typeof PracticeSettingsPatch>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

export const DayCount = z.object({ day: Day, count: z.number().int().min(0), rounds: z.number().int().min(0) });
export type DayCount = z.infer<typeof DayCount>;

export const PracticeStats = z.object({
  mantraId: Id,
  /** Today in this Koru's local time. */
  today: DayCount,
  dailyTarget: z.number().int().min(1),
  lifetime: z.object({ count: z.number().int().min(0), rounds: z.number().int().min(0), days: z.number().int().min(0) }),
  /** Beads into the current round (0 … roundSize − 1): the mala's position, kept across restarts. */
  bead: z.number().int().min(0),
  roundSize: z.number().int().min(1),
  /** Days in a row with any practice, ending today — or yesterday, since today is not over. */
  streak: z.number().int().min(0),
  bestStreak: z.number().int().min(0),
  /** Oldest first, one entry per day of the range (zeros included), ending today. */
  history: z.array(DayCount).max(HISTORY_DAYS_MAX),
  /** Today's dedication, if one was saved. */
  dedication: z.string().nullable(),
});
export type PracticeStats = z.infer<typeof PracticeStats>;

export const CountResult = z.object({
  stats: PracticeStats,
  /** Rounds this count completed (the bell rings, the guru bead pauses). */
  roundsCompleted: z.number().int().min(0),
});
export type CountResult = z.infer<typeof CountResult>;

export const WrittenKind = z.enum(['intention', 'dedication', 'reflection']);
export type WrittenKind = z.infer<typeof WrittenKind>;

/** The bell, as the voice preview travels: base64 of a 16-bit mono WAV. */
export const BELL_MAX_SEC = 8;
const BELL_MAX_BASE64 = Math.ceil((44 + BELL_MAX_SEC * 48_000 * 2) / 3) * 4;

const ByMantra = z.object({ mantraId: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });

export const practiceChannels = {
  /** Starter mantras first, then your own (newest first). */
  'practice.mantras.list': { input: z.object({}).strict().default({}), output: z.array(Mantra).max(10_000) },
  'practice.mantras.create': { input: MantraDraft, output: Mantra },
  'practice.mantras.update': { input: z.object({ id: Id, draft: MantraDraft }).strict(), output: Mantra },
  /** Removes your mantra with its counts and settings. */
  'practice.mantras.delete': { input: z.object({ id: Id }).strict(), output: Ok },
  'practice.settings.get': { input: ByMantra, output: PracticeSettings },
  'practice.settings.update': { input: z.object({ mantraId: Id, patch: PracticeSettingsPatch }).strict(), output: PracticeSettings },
  /** Add beads (a tap is 1) to today's count; the reply says whether a round completed. */
  'practice.count': {
    input: z.object({ mantraId: Id, add: z.number().int().min(1).max(ADD_MAX, `at most ${ADD_MAX} beads at once`).default(1) }).strict(),
    output: CountResult,
  },
  'practice.stats': {
    input: z.object({ mantraId: Id, days: z.number().int().min(1).max(HISTORY_DAYS_MAX).default(30) }).strict(),
    output: PracticeStats,
  },
  /** Save today's dedication for this mantra (replacing an earlier one of today). */
  'practice.dedicate': { input: z.object({ mantraId: Id, text: Text('dedication', PRACTICE_NOTE_MAX) }).strict(), output: PracticeStats },
  /** An intention, a dedication or a short reflection for this mantra, by the chosen (or the
   *  configured) text provider, else the offline templates. `variant` picks another offline one. */
  'practice.write': {
    input: z.object({ mantraId: Id, kind: WrittenKind, writer: ProviderId.optional(), variant: z.number().int().min(0).max(1000).default(0) }).strict(),
    output: z.object({ text: z.string().max(PRACTICE_NOTE_MAX), writer: ProviderId }),
  },
  /** The round's bell, struck on the singing-bowl voice, for the page to play. */
  'practice.bell': {
    input: z.object({}).strict().default({}),
    output: z.object({ wav: z.string().max(BELL_MAX_BASE64), durationSec: z.number().min(0).max(BELL_MAX_SEC) }),
  },
  /** Voiced practice through the player: the mantra spoken `voicedCount` times at the chosen
   *  pace over the bed, a bell at each round's end; every repetition heard is counted. */
  'practice.play': { input: ByMantra, output: PlaybackStatus },
  /** The same voiced practice to a file (`id` is the mantra's id). */
  'practice.export': { input: ExportRequest, output: ExportResult },
} as const satisfies ChannelMap;

export const practiceEvents = {
  /** Counts changed (a tap, a voiced repetition heard, a dedication): the page refreshes. */
  'practice.updated': { payload: z.object({ mantraId: Id, roundsCompleted: z.number().int().min(0) }) },
} as const satisfies EventMap;

/** What each item of a voiced practice's timeline is: a repetition, or the bell after a round.
 *  `startBead` is where the mala stands when it begins, so the bells fall where rounds end. */
export type VoicedItem = 'mantra' | 'bell';
export function voicedPlan(count: number, roundSize: number, startBead = 0): VoicedItem[] {
  const plan: VoicedItem[] = [];
  for (let k = 1; k <= count; k++) {
    plan.push('mantra');
    if ((startBead + k) % roundSize === 0) plan.push('bell');
  }
  return plan;
}

/** The player's session id while a mantra's voiced practice plays (the page knows it by this). */
export const practiceSessionId = (mantraId: string) => `practice-${mantraId}`.slice(0, 64);
