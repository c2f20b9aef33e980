import { RitualRequest, type ProviderId, type RitualRequestInput, type RitualStyle } from '../../../contract/rituals';

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
      if (field && !errors[field]) errors[field] = issue.message;
    }
  }
  return { request: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}
