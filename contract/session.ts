import { z } from 'zod';
import { Program } from './program';

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const SessionDraft = z.object({
  name: z.string().trim().min(1, 'a name is required').max(120),
  intention: z.string().max(2000).default(''),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  program: Program,
  /** Total length in seconds; the last tone-set holds until then. */
  durationSec: z.number().min(1).max(24 * 3600),
  /** Session level 0..1, always under the user's maximum volume. */
  volume: z.number().min(0).max(1).default(0.7),
});
export type SessionDraft = z.infer<typeof SessionDraft>;
export type SessionDraftInput = z.input<typeof SessionDraft>;

export const Session = SessionDraft.extend({
  id: Id,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof Session>;

export const SessionSummary = Session.pick({
  id: true,
  name: true,
  intention: true,
  tags: true,
  durationSec: true,
  updatedAt: true,
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const PlaybackState = z.enum(['idle', 'playing', 'paused']);
export const PlaybackStatus = z.object({
  state: PlaybackState,
  sessionId: Id.nullable(),
  sessionName: z.string().nullable(),
  elapsedSec: z.number().min(0),
  durationSec: z.number().min(0),
  volume: z.number().min(0).max(1),
  /** Elapsed second at which the sleep timer's fade ends the session, if set. */
  sleepAtSec: z.number().nullable(),
  output: z.string(),
  /** Blocks that reached the device late since playback began. */
  lateBlocks: z.number().int().min(0),
  /** Why playback stopped on its own, if it did (device lost, …). */
  lastError: z.string().nullable(),
  /** Narration (a ritual): the segment being spoken now and the part of the script it belongs
   *  to (a ritual's section index), or null between words and for plain sessions. */
  spoken: z.object({ item: z.number().int().min(0), group: z.number().int().min(0).nullable() }).nullable(),
});
export type PlaybackStatus = z.infer<typeof PlaybackStatus>;

export const Preset = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  draft: SessionDraft,
});
export type Preset = z.infer<typeof Preset>;
