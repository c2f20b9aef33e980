import { DUB_DEFAULTS, DubRequest, type DubMix, type DubRequestInput, type FileInfo } from '../../../contract';
import { fieldMessage } from '../../../contract/issues';
import { OFFLINE, providersThat, type ProviderId } from '../../../contract/providers';

/** What the new-dub form edits. Empty strings mean "not set": the request leaves them out. */
export interface DubForm {
  audio: FileInfo | null;
  transcript: FileInfo | null;
  to: string;
  from: string;
  transcriber: ProviderId | '';
  writer: ProviderId | '';
  speechProvider: ProviderId | '';
  voice: string;
  maxStretch: number;
  duckDb: number;
  mix: DubMix;
  /** One term per line (or comma-separated). */
  glossary: string;
}

export const blankDubForm = (): DubForm => ({
  audio: null,
  transcript: null,
  to: '',
  from: '',
  transcriber: '',
  writer: '',
  speechProvider: '',
  voice: '',
  maxStretch: DUB_DEFAULTS.maxStretch,
  duckDb: DUB_DEFAULTS.duckDb,
  mix: DUB_DEFAULTS.mix,
  glossary: '',
});

/** Who may do each part, from the provider table (the contract refuses the others). */
export const TRANSCRIBERS = providersThat('transcribe');
export const WRITERS = providersThat('text').filter((p) => p !== OFFLINE);
export const SPEAKERS = providersThat('speech');

export const glossaryTerms = (text: string) =>
  text
    .split(/[\n,]/)
    .map((t) => t.trim())
    .filter(Boolean);

export function toRequest(f: DubForm): DubRequestInput {
  return {
    fileId: f.audio?.fileId ?? '',
    to: f.to,
    ...(f.from.trim() ? { from: f.from } : {}),
    ...(f.transcript ? { transcriptFileId: f.transcript.fileId } : {}),
    ...(f.transcriber ? { transcriber: f.transcriber } : {}),
    ...(f.writer ? { writer: f.writer } : {}),
    ...(f.speechProvider ? { speechProvider: f.speechProvider } : {}),
    ...(f.voice.trim() ? { voice: f.voice } : {}),
    maxStretch: f.maxStretch,
    duckDb: f.duckDb,
    mix: f.mix,
    glossary: glossaryTerms(f.glossary),
  };
}

export type DubFormErrors = Partial<Record<keyof DubForm, string>>;

/** The contract's schema decides; its messages (which state the limits) go next to their field. */
export function validateDubForm(f: DubForm): { request: DubRequest | null; errors: DubFormErrors } {
  const errors: DubFormErrors = {};
  if (!f.audio) errors.audio = 'drop or choose the recording to dub';
  if (!Number.isFinite(f.maxStretch)) errors.maxStretch = 'enter a number';
  if (!Number.isFinite(f.duckDb)) errors.duckDb = 'enter a number';
  const parsed = DubRequest.safeParse(toRequest(f));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === 'fileId' ? 'audio' : issue.path[0] === 'transcriptFileId' ? 'transcript' : (issue.path[0] as keyof DubForm | undefined);
      if (key && !errors[key]) errors[key] = fieldMessage(issue);
    }
  }
  return { request: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}
