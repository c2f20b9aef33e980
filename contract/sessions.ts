import { z } from 'zod';
import { ById, Empty, Ok, type ChannelMap } from './channel-map';
import { Id, Preset, Session, SessionDraft, SessionSummary } from './session';
import { AudioAssetId } from './program';
import { ExportRequest, ExportResult } from './exports';
import { FileId } from './files';
import { LIMITS } from './limits';

/** Sound sessions' channels (their data types are in session.ts): the library, SBaGen import and
 *  export, the audio a program mixes in, and the presets. */
export const sessionChannels = {
  'sessions.list': {
    input: z.object({ query: z.string().max(200).optional() }).strict().default({}),
    output: z.array(SessionSummary),
  },
  'sessions.get': { input: ById, output: Session },
  'sessions.create': { input: SessionDraft, output: Session },
  'sessions.update': {
    input: z.object({ id: Id, draft: SessionDraft }).strict(),
    output: Session,
  },
  'sessions.delete': { input: ById, output: Ok },
  /** Parse an SBaGen schedule and store it as a new session: small files as `text`, any size as
   *  a `file` (uploaded, or chosen in the desktop app's dialog; see contract/files.ts). */
  'sessions.importSbg': {
    input: z
      .object({ name: z.string().trim().min(1).max(120), text: z.string().max(LIMITS.sbgTextChars, `a schedule sent as text may be at most ${LIMITS.sbgTextChars} characters; import larger ones as a file`).optional(), file: FileId.optional() })
      .strict()
      .refine((i) => (i.text === undefined) !== (i.file === undefined), { message: 'send the schedule either as text or as a file' }),
    output: Session,
  },
  'sessions.export': { input: ExportRequest, output: ExportResult },
  /** The session as an SBaGen `.sbg` schedule, the SBaGen/Gnaural exchange format. */
  'sessions.exportSbg': {
    input: ById,
    output: z.object({ fileName: z.string(), text: z.string(), warnings: z.array(z.string()) }),
  },
  /** Store an audio file (uploaded or chosen: `files.*`) for a program to mix in (SBaGen's -m). */
  'sessions.importMixAudio': {
    input: z.object({ fileId: FileId }).strict(),
    output: z.object({ asset: AudioAssetId, durationSec: z.number(), sampleRate: z.number() }),
  },
  'presets.list': { input: Empty, output: z.array(Preset) },
} as const satisfies ChannelMap;
