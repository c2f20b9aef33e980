import { fieldMessage, fieldName, SessionDraft, type Session, type Voice, type VoiceKind } from '../../../contract';
import { readDraft, removeDraft, writeDraft } from '../app/stored-draft';

/** The editor works on the parsed draft shape (defaults filled). Numeric fields a person left
 *  unreadable hold NaN, so zod reports them like any other bad value. */
export type DraftForm = SessionDraft;

export const VOICE_KINDS: { kind: VoiceKind; label: string }[] = [
  { kind: 'binaural', label: 'Binaural' },
  { kind: 'monaural', label: 'Monaural' },
  { kind: 'isochronic', label: 'Isochronic' },
  { kind: 'sine', label: 'Sine' },
  { kind: 'noise', label: 'Noise' },
  { kind: 'bowl', label: 'Singing bowl' },
  { kind: 'spin', label: 'Spinning noise' },
  { kind: 'wave', label: 'Custom waveform' },
  { kind: 'mix', label: 'Input audio' },
];

export function blankDraft(): DraftForm {
  return {
    name: 'New session',
    intention: '',
    tags: [],
    durationSec: 20 * 60,
    volume: 0.7,
    program: {
      sets: [{ name: 'main', voices: [{ kind: 'binaural', carrier: 200, beat: 10, amp: 0.3 }] }],
      timeline: [{ at: 0, set: 'main', fadeIn: 'fade', fadeOut: 'fade', slide: false }],
      transitionSec: 10,
    },
  };
}

/** The editable part of a stored session (sessions.update takes the draft without ids/dates). */
export function toForm(s: Session | DraftForm): DraftForm {
  const { name, intention, tags, program, durationSec, volume } = s;
  return structuredClone({ name, intention, tags, program, durationSec, volume });
}

/** Switching a voice's kind keeps what carries over (pitch, level) and fills the rest. */
export function voiceOfKind(kind: VoiceKind, prev: Voice): Voice {
  const next = freshVoice(kind, prev);
  return prev.slot === undefined ? next : { ...next, slot: prev.slot };
}

function freshVoice(kind: VoiceKind, prev: Voice): Voice {
  const pitch = 'freq' in prev ? prev.freq : 'carrier' in prev ? prev.carrier : 200;
  const amp = prev.amp;
  const rate = 'beat' in prev ? Math.abs(prev.beat) : 'pulse' in prev ? prev.pulse : 10;
  switch (kind) {
    case 'sine':
      return { kind, freq: pitch, amp, pan: 0 };
    case 'binaural':
    case 'monaural':
      return { kind, carrier: pitch, beat: rate, amp };
    case 'isochronic':
      return { kind, carrier: pitch, pulse: rate > 0 ? rate : 10, amp };
    case 'noise':
      return { kind, color: 'pink', amp };
    case 'bowl':
      return { kind, freq: pitch, amp, strikeEvery: 12, decay: 20 };
    case 'spin':
      return { kind, color: 'pink', width: 300, rate: rate > 0 && rate <= 100 ? rate : 4, amp };
    case 'wave':
      return { kind, shape: [0, 1, 0.5, 0.8], carrier: pitch, beat: rate, amp };
    case 'mix':
      return { kind, amp };
  }
}

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export interface Validation {
  draft: SessionDraft | null;
  /** Field path ("program.sets.0.voices.1.freq") → message. */
  errors: Map<string, string>;
  /** Every problem, in order, with a readable location — for the summary by the Save button. */
  list: { key: string; where: string; message: string }[];
}

export function validateDraft(form: DraftForm): Validation {
  const r = SessionDraft.safeParse(form);
  if (r.success) return { draft: r.data, errors: new Map(), list: [] };
  const errors = new Map<string, string>();
  const list: Validation['list'] = [];
  for (const issue of r.error.issues) {
    const key = pathKey(issue.path);
    const message = fieldMessage(issue);
    if (!errors.has(key)) errors.set(key, message);
    list.push({ key, where: describePath(issue.path, form), message });
  }
  return { draft: null, errors, list };
}

/** ['program','sets',0,'voices',1,'amp'] → "Amplitude of voice 2 in tone-set “main”". */
export function describePath(path: readonly PropertyKey[], form: DraftForm): string {
  return fieldName(path, {
    itemName: (list, index) => (list === 'sets' && form.program.sets[index]?.name ? `tone-set “${form.program.sets[index].name}”` : undefined),
  });
}

/** A set name not yet used: "set-2", "set-3", … */
export function nextSetName(form: DraftForm): string {
  const used = new Set(form.program.sets.map((s) => s.name));
  for (let i = form.program.sets.length + 1; ; i++) if (!used.has(`set-${i}`)) return `set-${i}`;
}

/** Where the unsaved edits of a stored session are kept (see app/stored-draft.ts). */
const draftKey = (sessionId: string) => `koru.session-draft.${sessionId}`;

/**
 * Unsaved edits of `sessionId`, if they were made on top of exactly `saved` (as stored now).
 * Edits made on an older version (changed since, e.g. by an import or another window) are
 * dropped rather than silently overwriting it.
 */
export function restoreEdits(sessionId: string, saved: DraftForm): DraftForm | null {
  const stored = readDraft(draftKey(sessionId)) as { baseline?: unknown; form?: Partial<DraftForm> } | null;
  const form = stored?.form;
  const usable =
    stored?.baseline === JSON.stringify(saved) &&
    typeof form?.name === 'string' &&
    Array.isArray(form.tags) &&
    Array.isArray(form.program?.sets) &&
    Array.isArray(form.program?.timeline);
  if (usable) return form as DraftForm;
  if (stored) removeDraft(draftKey(sessionId));
  return null;
}

export function keepEdits(sessionId: string, baseline: string, form: DraftForm): void {
  writeDraft(draftKey(sessionId), { baseline, form });
}

export const dropEdits = (sessionId: string) => removeDraft(draftKey(sessionId));
