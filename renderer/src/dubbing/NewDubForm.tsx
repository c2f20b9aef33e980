import { SubmitRow } from '../ui/SubmitRow';
import { useQueryClient } from '@tanstack/react-query';
import { Info, Languages } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { DUCK_DB_MAX, DUCK_DB_MIN, DubMix, STRETCH_MAX, STRETCH_MIN } from '../../../contract';
import { useKoruMutation } from '../app/koru';
import { PROVIDER_NAMES } from '../providers/names';
import { useProviderStatus } from '../providers/useProviderStatus';
import { NumberField, SelectField, TextField } from '../ui/fields';
import { FileDrop } from './FileDrop';
import { blankDubForm, SPEAKERS, TRANSCRIBERS, validateDubForm, WRITERS, type DubForm } from './form';

const MIX_LABELS: Record<DubMix, string> = { over: 'Over the original', 'dub-only': 'Dub only' };

/** The request: the recording (and optionally its transcript), the languages, who transcribes,
 *  translates and speaks, the stretch limit and the mix → dubbing.create. */
export function NewDubForm({ onCreated }: { onCreated: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<DubForm>(blankDubForm);
  const [touched, setTouched] = useState<ReadonlySet<keyof DubForm>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const statuses = useProviderStatus();
  const configured = new Set((statuses.data ?? []).filter((s) => s.configured).map((s) => s.provider));
  const create = useKoruMutation('dubbing.create', {
    onSuccess: (d) => {
      void queryClient.invalidateQueries({ queryKey: ['dubbing.list'] });
      onCreated(d.id);
    },
  });

  const { request, errors } = validateDubForm(form);
  const shown = (k: keyof DubForm) => (submitted || touched.has(k) ? errors[k] : undefined);
  const set = <K extends keyof DubForm>(key: K, value: DubForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched((t) => new Set(t).add(key));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (request && !create.isPending) create.mutate(request);
  };
  const choice = (p: string) => `${PROVIDER_NAMES[p as keyof typeof PROVIDER_NAMES]}${p === 'offline' || configured.has(p as never) ? '' : ' (no key)'}`;
  const noKeys = statuses.data !== undefined && ![...TRANSCRIBERS, ...WRITERS].some((p) => configured.has(p));

  return (
    <form className="dub-form" onSubmit={submit} noValidate aria-labelledby="dub-form-heading">
      <header className="page-header">
        <h2 id="dub-form-heading">New dub</h2>
      </header>

      {noKeys ? (
        <p className="note" data-testid="dub-offline-note">
          <Info size={16} aria-hidden="true" />
          <span>
            <strong>No provider keys</strong> — offline, Koru re-voices a recording in its own language from an SRT or VTT transcript. To transcribe or
            translate, add a key in Settings → Providers.
          </span>
        </p>
      ) : null}

      <FileDrop
        kind="audio"
        label="Recording"
        hint="Drop an audio or video file here (WAV, MP3, Ogg, Opus, FLAC, M4A, MP4, WebM, MKV)"
        file={form.audio}
        onFile={(f) => set('audio', f)}
        error={shown('audio')}
        testId="dub-drop"
      />
      <FileDrop
        kind="subtitles"
        label="Transcript (optional)"
        hint="An SRT or VTT to use instead of transcribing — works offline"
        file={form.transcript}
        onFile={(f) => set('transcript', f)}
        error={shown('transcript')}
        testId="dub-transcript"
      />

      <div className="grid grid--2">
        <TextField label="Into" value={form.to} onChange={(v) => set('to', v)} error={shown('to')} placeholder="French, fr, pt-BR…" hint="A language name or code; the recording’s own language re-voices it without translating" testId="dub-to" />
        <TextField label="From (optional)" value={form.from} onChange={(v) => set('from', v)} error={shown('from')} placeholder="Detected when transcribed" testId="dub-from" />
      </div>

      <details className="dub-form__more">
        <summary>Providers, voice and mix</summary>
        <div className="grid grid--2">
          <SelectField label="Transcribed by" value={form.transcriber} options={[{ value: '', label: 'First with a key' }, ...TRANSCRIBERS.map((p) => ({ value: p, label: choice(p) }))]} onChange={(v) => set('transcriber', v)} error={shown('transcriber')} testId="dub-transcriber" />
          <SelectField label="Translated by" value={form.writer} options={[{ value: '', label: 'The writer in Settings' }, ...WRITERS.map((p) => ({ value: p, label: choice(p) }))]} onChange={(v) => set('writer', v)} error={shown('writer')} testId="dub-writer" />
          <SelectField label="Voiced by" value={form.speechProvider} options={[{ value: '', label: 'The order in Settings' }, ...SPEAKERS.map((p) => ({ value: p, label: choice(p) }))]} onChange={(v) => set('speechProvider', v)} error={shown('speechProvider')} testId="dub-speech" />
          <TextField label="Voice (optional)" value={form.voice} onChange={(v) => set('voice', v)} error={shown('voice')} placeholder="The provider’s voice id" testId="dub-voice" />
          <NumberField label="Stretch limit" unit="×" step={0.05} value={form.maxStretch} onChange={(v) => set('maxStretch', v)} error={shown('maxStretch')} hint={`${STRETCH_MIN}–${STRETCH_MAX}×: how much faster a line may be read to fit its time`} testId="dub-max-stretch" />
          <NumberField label="Original under the dub" unit="dB" value={form.duckDb} onChange={(v) => set('duckDb', v)} error={shown('duckDb')} hint={`${DUCK_DB_MIN} to ${DUCK_DB_MAX} dB while a line is spoken`} testId="dub-duck" />
          <fieldset className="field fieldset">
            <legend className="field__label">Mix</legend>
            <div className="segmented">
              {DubMix.options.map((m) => (
                <label key={m} className={`segmented__option${form.mix === m ? ' is-checked' : ''}`}>
                  <input type="radio" name="dub-mix" value={m} checked={form.mix === m} onChange={() => set('mix', m)} data-testid={`dub-mix-${m}`} />
                  {MIX_LABELS[m]}
                </label>
              ))}
            </div>
          </fieldset>
          <TextField label="Never translate (optional)" value={form.glossary} onChange={(v) => set('glossary', v)} error={shown('glossary')} hint="Names and terms, one per line or separated by commas" multiline testId="dub-glossary" />
        </div>
      </details>

      <SubmitRow pending={create.isPending} invalid={submitted && !request} testId="dub-start">
        <Languages size={16} aria-hidden="true" /> {create.isPending ? 'Starting…' : 'Dub it'}
      </SubmitRow>
    </form>
  );
}
