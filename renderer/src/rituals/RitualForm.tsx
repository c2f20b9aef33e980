import { SubmitRow } from '../ui/SubmitRow';
import { useQueryClient } from '@tanstack/react-query';
import { Info, Sparkles } from 'lucide-react';
import { useEffect, useState, type FormEvent } from 'react';
import { OFFLINE, providersThat, voiceOf } from '../../../contract/providers';
import { FOCUS_AREAS, MAX_MINUTES, MIN_MINUTES, RitualStyle } from '../../../contract/rituals';
import { useKoruMutation, useKoruQuery } from '../app/koru';
import { naturalVoices, PROVIDER_NAMES } from '../providers/names';
import { useProviderStatus } from '../providers/useProviderStatus';
import { VoicePreview } from '../providers/VoicePreview';
import { NumberField, SelectField, TextField } from '../ui/fields';
import { Slider } from '../ui/Slider';
import { blankRitualForm, clearRitualDraft, loadRitualDraft, saveRitualDraft, validateRitualForm, type RitualForm as Form } from './form';

const STYLE_LABELS: Record<RitualStyle, string> = { gentle: 'Gentle', direct: 'Direct', poetic: 'Poetic' };
const SPEECH_PROVIDERS = providersThat('speech');

const focusLabel = (f: string) => f.charAt(0).toUpperCase() + f.slice(1).replace('-', ' ');

/** The request: intention, length, focus, style, tone bed, balance and voice → rituals.generate. */
export function RitualForm({ onStarted }: { onStarted: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(loadRitualDraft);
  // Kept only while it differs from a blank form, so an untouched form leaves nothing stored.
  useEffect(() => (JSON.stringify(form) === JSON.stringify(blankRitualForm()) ? clearRitualDraft() : saveRitualDraft(form)), [form]);
  // Errors show for fields the person has changed, and for all of them after a Generate attempt.
  const [touched, setTouched] = useState<ReadonlySet<keyof Form>>(new Set());
  const [submitted, setSubmitted] = useState(false);

  const presets = useKoruQuery('presets.list', {}, { staleTime: Infinity });
  const statuses = useProviderStatus();
  const speakers = naturalVoices(statuses.data);
  const voices = useKoruQuery(
    'providers.voices',
    { provider: form.provider || OFFLINE },
    { enabled: form.provider !== '', staleTime: 60_000, meta: { silent: true } },
  );
  const generate = useKoruMutation('rituals.generate', {
    onSuccess: ({ id }) => {
      clearRitualDraft(); // the next "New ritual" starts blank
      void queryClient.invalidateQueries({ queryKey: ['rituals.list'] });
      onStarted(id);
    },
  });

  const { request, errors } = validateRitualForm(form);
  const shown = (k: keyof Form) => (submitted || touched.has(k) ? errors[k] : undefined);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value, ...(key === 'provider' ? { voice: '' } : {}) }));
    setTouched((t) => new Set(t).add(key));
  };
  const toggleFocus = (area: string) =>
    set('focus', form.focus.includes(area) ? form.focus.filter((f) => f !== area) : [...form.focus, area]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (request && !generate.isPending) generate.mutate(request);
  };

  const bedOptions = [
    { value: 'none', label: 'None — narration alone' },
    ...(presets.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];
  const providerOptions = [
    { value: '' as const, label: 'Automatic (order from Settings)' },
    ...SPEECH_PROVIDERS.map((p) => {
      const usable = p === OFFLINE || speakers.some((s) => s.provider === p);
      return { value: p, label: `${PROVIDER_NAMES[p]}${usable ? '' : ' (no key — falls back)'}` };
    }),
  ];
  const voiceOptions = [{ value: '', label: 'Default voice' }, ...(voices.data?.voices ?? []).map((v) => ({ value: v.id, label: v.language ? `${v.name} (${v.language})` : v.name }))];
  const pct = Math.round(form.balance * 100);
  // "Default voice" previews the provider's configured voice; a provider without a key has nothing to preview.
  const settings = useKoruQuery('providers.settings.get', {}, { enabled: form.provider !== '', staleTime: 60_000, meta: { silent: true } });
  const previewVoice = form.provider && settings.data ? (voiceOf(settings.data, form.provider) ?? '') : '';
  const previewable = form.provider === OFFLINE || speakers.some((s) => s.provider === form.provider);

  return (
    <form
      className="ritual-form"
      onSubmit={submit}
      // Ctrl/⌘+Enter generates from anywhere in the form, the intention box included.
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
      }}
      noValidate
      aria-labelledby="ritual-form-heading"
    >
      <header className="page-header">
        <h2 id="ritual-form-heading">New ritual</h2>
      </header>

      {statuses.data && speakers.length === 0 ? (
        <p className="note" data-testid="offline-note">
          <Info size={16} aria-hidden="true" />
          <span>
            <strong>Offline voice</strong> — add a key in Settings → Providers for natural voices. Rituals are written and
            voiced on this machine, with no network needed.
          </span>
        </p>
      ) : null}

      <TextField
        label="Intention"
        value={form.intention}
        onChange={(v) => set('intention', v)}
        error={shown('intention')}
        hint="What is this ritual for? e.g. “I want to reduce stress before sleep” — Ctrl+Enter generates"
        placeholder="I want to…"
        multiline
        testId="ritual-intention"
        className="ritual-form__intention"
      />

      <div className="grid grid--2">
        <NumberField
          label="Length"
          unit="min"
          value={form.minutes}
          onChange={(v) => set('minutes', v)}
          error={shown('minutes')}
          hint={`${MIN_MINUTES}–${MAX_MINUTES} minutes`}
          testId="ritual-minutes"
        />
        <fieldset className="field fieldset">
          <legend className="field__label">Style</legend>
          <div className="segmented">
            {RitualStyle.options.map((s) => (
              <label key={s} className={`segmented__option${form.style === s ? ' is-checked' : ''}`}>
                <input type="radio" name="ritual-style" value={s} checked={form.style === s} onChange={() => set('style', s)} data-testid={`ritual-style-${s}`} />
                {STYLE_LABELS[s]}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      <fieldset className="field fieldset">
        <legend className="field__label">Focus areas</legend>
        <div className="chips" data-testid="ritual-focus">
          {FOCUS_AREAS.map((area) => (
            <button
              key={area}
              type="button"
              className="chip"
              aria-pressed={form.focus.includes(area)}
              onClick={() => toggleFocus(area)}
              data-testid={`focus-${area}`}
            >
              {focusLabel(area)}
            </button>
          ))}
        </div>
        {shown('focus') ? <p className="field__error">{shown('focus')}</p> : null}
      </fieldset>

      <div className="grid grid--2">
        <SelectField label="Tone bed" value={form.bed} options={bedOptions} onChange={(v) => set('bed', v)} error={shown('bed')} testId="ritual-bed" />
        <div className="field">
          <span className="field__label" id="balance-label">
            Narration / bed balance <span className="muted tabular">{pct}% narration</span>
          </span>
          <Slider
            label="Narration to bed balance"
            value={form.balance}
            step={0.05}
            valueText={`${pct}% narration, ${100 - pct}% bed`}
            onChange={(v) => set('balance', v)}
            testId="ritual-balance"
            className="slider--field"
            disabled={form.bed === 'none'}
          />
          <p className="field__hint balance-ends" aria-hidden="true">
            <span>Bed</span>
            <span>Narration</span>
          </p>
        </div>
      </div>

      <div className="grid grid--2">
        <SelectField label="Voice provider" value={form.provider} options={providerOptions} onChange={(v) => set('provider', v)} error={shown('provider')} testId="ritual-provider" />
        {form.provider ? (
          <div className="field">
            <div className="voice-pick">
              <SelectField label="Voice" value={form.voice} options={voiceOptions} onChange={(v) => set('voice', v)} error={shown('voice')} testId="ritual-voice" />
              <VoicePreview provider={form.provider} voice={form.voice || previewVoice} disabled={!previewable} testId="ritual-voice-preview" />
            </div>
            {voices.data?.error ? <p className="field__hint">{voices.data.error}</p> : null}
          </div>
        ) : null}
      </div>

      <SubmitRow pending={generate.isPending} invalid={submitted && !request} testId="ritual-generate">
        <Sparkles size={16} aria-hidden="true" /> {generate.isPending ? 'Starting…' : 'Generate ritual'}
      </SubmitRow>
    </form>
  );
}
