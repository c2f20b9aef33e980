import { z } from 'zod';
import { withJsonBudget } from './encoded-size';
import { formatSize, LIMITS } from './limits';
import { SLOTS, Voice, voiceSlots } from './voice';

export const SET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*$/;

export const ToneSet = z
  .object({
    name: z.string().min(1).max(64).regex(SET_NAME, 'letters, digits, _ . - only'),
    voices: z.array(Voice).max(SLOTS),
  })
  .superRefine((s, ctx) => {
    const slots = voiceSlots(s.voices);
    slots.forEach((slot, i) => {
      if (slot >= SLOTS) ctx.addIssue({ code: 'custom', path: ['voices', i, 'slot'], message: `a tone-set has only ${SLOTS} slots` });
      else if (i > 0 && slot <= slots[i - 1]!) {
        ctx.addIssue({ code: 'custom', path: ['voices', i, 'slot'], message: 'each voice needs a slot after the previous voice' });
      }
    });
  });
export type ToneSet = z.infer<typeof ToneSet>;

/**
 * How a tone-set is entered or left (SBaGen's fade marks), per voice slot:
 * 'silence' (`<` / `>`) goes through silence; 'fade' (`-`) changes the level smoothly but goes
 * through silence where a tone changes pitch; 'hold' (`=`) glides pitch and level across the
 * transition. Voices of different kinds always pass through silence.
 */
export const Transition = z.enum(['silence', 'fade', 'hold']);
export type Transition = z.infer<typeof Transition>;

export const TimelineEntry = z.object({
  /** Seconds from the start of the session. */
  at: z.number().min(0).max(7 * 24 * 3600),
  set: z.string().min(1).max(64),
  fadeIn: Transition.default('fade'),
  fadeOut: Transition.default('fade'),
  /** SBaGen `->`: glide continuously from this set to the next across the whole period. */
  slide: z.boolean().default(false),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Content id of an audio file in Koru's store (see main/audio/mix-input). */
export const AudioAssetId = z.string().max(64).regex(/^[0-9a-f]{16,64}$/, 'an audio file id');

/**
 * The audio a schedule mixes in (SBaGen's `-m file`), heard through `mix` voices (or at full
 * level throughout when no tone-set has one). `asset` is absent until the file is attached.
 */
export const MixInput = z.object({
  /** The file's name as the schedule or the person gave it, e.g. "river1.ogg". */
  file: z.string().min(1).max(200),
  asset: AudioAssetId.optional(),
});
export type MixInput = z.infer<typeof MixInput>;

/**
 * A schedule as SBaGen reads one: each timeline entry holds its tone-set until the next entry;
 * a transition of `transitionSec` is centred on each change (shortened where a neighbouring
 * period is shorter), and a slide replaces it by a glide over the whole period. The schedule is
 * a 24-hour loop, so the first tone-set is entered from the last one.
 */
export const Program = withJsonBudget(
  z
  .object({
    sets: z.array(ToneSet).min(1).max(256),
    timeline: z.array(TimelineEntry).min(1).max(4096),
    /** Length of a transition between tone-sets, seconds (SBaGen's -F). */
    transitionSec: z.number().min(0).max(600).default(10),
    mix: MixInput.optional(),
  })
  .superRefine((p, ctx) => {
    const names = new Set<string>();
    p.sets.forEach((s, i) => {
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sets', i, 'name'], message: `duplicate tone-set "${s.name}"` });
      names.add(s.name);
    });
    p.timeline.forEach((e, i) => {
      if (!names.has(e.set)) ctx.addIssue({ code: 'custom', path: ['timeline', i, 'set'], message: `unknown tone-set "${e.set}"` });
      const prev = p.timeline[i - 1];
      if (prev && e.at < prev.at) ctx.addIssue({ code: 'custom', path: ['timeline', i, 'at'], message: 'timeline must be in time order' });
    });
  }),
  LIMITS.programJsonBytes,
  `a session may take at most ${formatSize(LIMITS.programJsonBytes)}: use fewer tone-sets or shorter custom waveforms`,
);
export type Program = z.infer<typeof Program>;
export type ProgramInput = z.input<typeof Program>;
