import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { ProviderSettingsPatch, type ProviderId, type ProviderSettings, type ProviderStatus } from '../../../contract/rituals';
import { fieldMessage } from '../../../contract/issues';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { SelectField, TextField } from '../ui/fields';
import { PROVIDER_NAMES, statusLabel } from './names';
import { ProviderKey, ProviderTest } from './ProviderKey';

type FieldName = 'baseUrl' | 'textModel' | 'speechModel' | 'transcribeModel' | 'voice' | 'concurrency';

const LABELS: Record<FieldName, string> = {
  baseUrl: 'Base URL',
  textModel: 'Text model',
  speechModel: 'Speech model',
  transcribeModel: 'Transcription model',
  voice: 'Voice',
  concurrency: 'Concurrent requests',
};

const HINTS: Partial<Record<ProviderId, Partial<Record<FieldName, string>>>> = {
  openai: { baseUrl: 'Empty for OpenAI itself; any OpenAI-compatible server (Ollama, LM Studio…) works, e.g. http://127.0.0.1:11434/v1' },
  elevenlabs: { baseUrl: 'Empty for api.elevenlabs.io', concurrency: 'Your plan’s limit: Free 2 … Pro 10' },
  gemini: { baseUrl: 'Empty for Google’s endpoint' },
};

const SUMMARY: Record<ProviderId, string> = {
  openai: 'Writes scripts, speaks and transcribes.',
  elevenlabs: 'Natural narration voices.',
  gemini: 'Writes scripts and speaks.',
  offline: 'espeak-ng on this machine: always available, no key, no network.',
};

type Draft = Record<string, string>;

function toDraft(values: Record<string, unknown>): Draft {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** Only the fields that changed, typed as the contract wants them (empty base URL = default). */
function toPatch(draft: Draft, saved: Draft): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) {
    if (v === saved[k]) continue;
    patch[k] = k === 'baseUrl' ? (v.trim() === '' ? null : v.trim()) : k === 'concurrency' ? (v.trim() === '' ? NaN : Number(v)) : v;
  }
  return patch;
}

/** One provider: key status, key entry, connection test, and its editable models/endpoint/voice. */
export function ProviderCard({ provider, status, settings }: { provider: ProviderId; status: ProviderStatus | undefined; settings: ProviderSettings }) {
  const queryClient = useQueryClient();
  const saved = toDraft(settings[provider]);
  const [draft, setDraft] = useState<Draft>(saved);
  const update = useKoruMutation('providers.settings.update', {
    onSuccess: (s) => {
      queryClient.setQueryData(koruKey('providers.settings.get', {}), s);
      setDraft(toDraft(s[provider]));
      toast.success(`${PROVIDER_NAMES[provider]} settings saved`);
    },
  });
  const usable = provider === 'offline' || status?.configured === true;
  const voices = useKoruQuery('providers.voices', { provider }, { enabled: usable, staleTime: 60_000, meta: { silent: true } });

  const patch = toPatch(draft, saved);
  const dirty = Object.keys(patch).length > 0;
  const parsed = ProviderSettingsPatch.safeParse({ [provider]: patch });
  const errors: Partial<Record<string, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[1])] ??= i.path[1] === 'concurrency' && Number.isNaN(patch.concurrency) ? 'enter a whole number' : fieldMessage(i);
  const set = (k: string) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const fields = Object.keys(saved) as FieldName[];
  const voiceList = voices.data?.voices ?? [];

  const label = statusLabel(status);
  return (
    <section className="panel provider" aria-labelledby={`provider-${provider}-heading`} data-testid={`provider-${provider}`}>
      <header className="panel__header">
        <h3 id={`provider-${provider}-heading`}>{PROVIDER_NAMES[provider]}</h3>
        <span className={`provider-status provider-status--${status?.configured ? 'on' : 'off'}`} data-testid={`provider-${provider}-status`}>
          {label}
        </span>
      </header>
      <p className="muted">{SUMMARY[provider]}</p>

      {provider !== 'offline' ? <ProviderKey provider={provider} status={status} /> : null}
      <ProviderTest provider={provider} />

      <form
        className="provider__settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty && parsed.success) update.mutate(parsed.data);
        }}
      >
        <div className="grid grid--2">
          {fields.map((k) =>
            k === 'voice' && voiceList.length > 0 ? (
              <SelectField
                key={k}
                label={LABELS.voice}
                value={draft.voice ?? ''}
                options={voiceList.map((v) => ({ value: v.id, label: v.language ? `${v.name} (${v.language})` : v.name }))}
                onChange={set('voice')}
                error={errors.voice}
                testId={`provider-${provider}-voice`}
              />
            ) : (
              <TextField
                key={k}
                label={LABELS[k] ?? k}
                value={draft[k] ?? ''}
                onChange={set(k)}
                error={errors[k]}
                hint={k === 'voice' && voices.data?.error ? voices.data.error : HINTS[provider]?.[k]}
                placeholder={k === 'baseUrl' ? 'Default' : undefined}
                testId={`provider-${provider}-${k}`}
                className={k === 'baseUrl' ? 'provider__wide' : undefined}
              />
            ),
          )}
        </div>
        <div className="button-row">
          <button type="submit" className="button" disabled={!dirty || !parsed.success || update.isPending} data-testid={`provider-${provider}-save-settings`}>
            {update.isPending ? 'Saving…' : 'Save settings'}
          </button>
          {dirty ? (
            <button type="button" className="button button--ghost" onClick={() => setDraft(saved)}>
              Revert
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
