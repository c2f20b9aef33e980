import { RitualRequest, type ProviderId, type RitualRequestInput, type RitualStyle } from '../../../contract/rituals';
import { fieldMessage } from '../../../contract/issues';
import { readDraft, removeDraft, writeDraft } from '../app/stored-draft';

/** What the request form edits. Empty provider/voice mean "the order and voices from Settings". */
export interface RitualForm {
  intention: string;
  minutes: number;
  focus: string[];
  style: RitualStyle;
  bed: string;
  balance: number;
  provider: ProviderId | '';
  voice: string;
}

export const blankRitualForm = (): RitualForm => ({
  intention: '',
  minutes: 10,
  focus: [],
  style: 'gentle',
  bed: 'alpha-relax',
  balance: 0.7,
  provider: '',
  voice: '',
});

const DRAFT_KEY = 'koru.ritual-draft';

/**
 * The unfinished request: a visit to Settings to add a key, a reload or a restart does not lose
 * what was typed. Fields of the wrong type (a draft from an older build, a hand edit) fall back
 * to the blank form's.
 */
export function loadRitualDraft(): RitualForm {
  const blank = blankRitualForm();
  const draft = readDraft(DRAFT_KEY);
  if (!draft || typeof draft !== 'object') return blank;
  const stored = draft as Record<string, unknown>;
  const fits = (want: unknown, got: unknown) =>
    Array.isArray(want) ? Array.isArray(got) && got.every((x) => typeof x === 'string') : typeof got === typeof want;
  const entries = Object.entries(blank).map(([k, v]) => [k, fits(v, stored[k]) ? stored[k] : v]);
  return Object.fromEntries(entries) as unknown as RitualForm;
}

export const saveRitualDraft = (form: RitualForm) => writeDraft(DRAFT_KEY, form);
export const clearRitualDraft = () => removeDraft(DRAFT_KEY);

export function toRequest(f: RitualForm): RitualRequestInput {
  return {
    intention: f.intention,
    minutes: f.minutes,
    focus: f.focus,
    style: f.style,
    bed: f.bed,
    balance: f.balance,
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.provider && f.voice ? { voice: f.voice } : {}),
  };
}

export type FormErrors = Partial<Record<keyof RitualForm, string>>;

/** The contract's own schema decides; its messages (which state the allowed range) are shown
 *  next to the field they concern. NaN (unreadable number) gets a plainer message. */
export function validateRitualForm(f: RitualForm): { request: RitualRequest | null; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!Number.isFinite(f.minutes)) errors.minutes = 'enter a number of minutes';
  const parsed = RitualRequest.safeParse(toRequest(f));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof RitualForm | undefined;
      if (field && !errors[field]) errors[field] = fieldMessage(issue);
    }
  }
  return { request: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}
