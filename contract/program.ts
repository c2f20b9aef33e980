import { z } from 'zod';
import { Voice } from './voice';

export const SET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*$/;

export const ToneSet = z.object({
  name: z.string().min(1).max(64).regex(SET_NAME, 'letters, digits, _ . - only'),
  voices: z.array(Voice).max(16),
});
export type ToneSet = z.infer<typeof ToneSet>;

/**
 * How a tone-set is entered or left (SBaGen's fade marks):
 * 'silence' (`<` / `>`) goes through silence; 'fade' (`-`) slides voices of the same kind and
 * cross-fades the rest; 'hold' (`=`) keeps the level, changing parameters over the transition.
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

export const Program = z
  .object({
    sets: z.array(ToneSet).min(1).max(256),
    timeline: z.array(TimelineEntry).min(1).max(4096),
    /** Length of a transition between tone-sets, seconds. */
    transitionSec: z.number().min(0).max(600).default(10),
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
  });
export type Program = z.infer<typeof Program>;
export type ProgramInput = z.input<typeof Program>;
