import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { notify } from '../app/toasts';
import {
  cloudOf,
  hasCapability,
  isKeyedProvider,
  PROVIDERS,
  ProviderSettingsPatch,
  type ProviderId,
  type ProviderSettings,
  type ProviderStatus,
  type SettingField,
} from '../../../contract/providers';
import { fieldMessage } from '../../../contract/issues';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { SelectField, TextField } from '../ui/fields';
import { PROVIDER_NAMES, statusLabel } from './names';
import { ProviderKey, ProviderTest } from './ProviderKey';
import { VoicePreview } from './VoicePreview';
import './providers.css';

type Draft = Record<string, string>;

function toDraft(values: Record<string, unknown>): Draft {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** Only the fields that changed, typed as the contract wants them (an empty base URL = default). */
function toPatch(draft: Draft, saved: Draft, fields: Record<string, SettingField>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) {
    if (v === saved[k]) continue;
    const d = fields[k]?.default;
    patch[k] = d === null ? (v.trim() === '' ? null : v.trim()) : typeof d === 'number' ? (v.trim() === '' ? NaN : Number(v)) : v;
  }
  return patch;
}

/** Why the key is not used here, or why requests fail: said in the card, in words. */
function Notices({ provider, status }: { provider: ProviderId; status: ProviderStatus | undefined }) {
  const detached = status?.detachedKey;
  const here = status?.endpoint ?? 'this endpoint';
  const env = isKeyedProvider(provider) ? cloudOf(provider) : null;
  return (
    <>
      {detached ? (
        <p className="note provider-notice" data-testid={`provider-${provider}-detached`}>
          {detached.source === 'store'
            ? `The key was entered for ${detached.host}, so Koru does not send it to ${here}. Enter the key for ${here}, or set the base URL back.`
            : `${env?.keyEnv} is for ${detached.host}, so Koru does not send it to ${here}. Set ${env?.baseUrlEnv} as well, or enter a key for ${here}.`}
          {status?.source === 'local' ? ' This server is on this machine, so it is used without a key.' : ''}
        </p>
      ) : null}
      {status?.problem ? (
        <p className="alert provider-notice" role="alert" data-testid={`provider-${provider}-problem`}>
          {status.problem}
        </p>
      ) : null}
    </>
  );
}

/** One provider: key status, key entry, connection test, and its editable models/endpoint/voice. */
export function ProviderCard({ provider, status, settings }: { provider: ProviderId; status: ProviderStatus | undefined; settings: ProviderSettings }) {
  const queryClient = useQueryClient();
  const spec = PROVIDERS[provider];
  const fields = spec.fields as Record<string, SettingField>;
  const saved = toDraft(settings[provider]);
  const [draft, setDraft] = useState<Draft>(saved);
  const update = useKoruMutation('providers.settings.update', {
    onSuccess: (s) => {
      queryClient.setQueryData(koruKey('providers.settings.get', {}), s);
      // A moved base URL changes which key applies and which voices exist.
      void queryClient.invalidateQueries({ queryKey: ['providers.status'] });
      void queryClient.invalidateQueries({ queryKey: ['providers.voices'] });
      setDraft(toDraft(s[provider]));
      notify('success', `${PROVIDER_NAMES[provider]} settings saved`);
    },
  });
  const speaks = hasCapability(provider, 'speech');
  const usable = status?.configured === true;
  const voices = useKoruQuery('providers.voices', { provider }, { enabled: usable && speaks, staleTime: 60_000, meta: { silent: true } });

  const patch = toPatch(draft, saved, fields);
  const dirty = Object.keys(patch).length > 0;
  const parsed = ProviderSettingsPatch.safeParse({ [provider]: patch });
  const errors: Partial<Record<string, string>> = {};
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const k = String(i.path[1]);
      errors[k] ??= Number.isNaN(patch[k]) ? 'Enter a whole number' : fieldMessage(i);
    }
  }
  const set = (k: string) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const voiceList = voices.data?.voices ?? [];
  const voiceOptions = voiceList.map((v) => ({ value: v.id, label: v.language ? `${v.name} (${v.language})` : v.name }));
  // A voice typed in before (or a list that changed) still shows as what it is.
  if (draft.voice && !voiceList.some((v) => v.id === draft.voice)) voiceOptions.unshift({ value: draft.voice, label: `${draft.voice} (not in the list)` });

  const warn = status?.problem || (status && !status.configured && status.detachedKey);
  return (
    <section className="panel provider" aria-labelledby={`provider-${provider}-heading`} data-testid={`provider-${provider}`}>
      <header className="panel__header">
        <h3 id={`provider-${provider}-heading`}>{PROVIDER_NAMES[provider]}</h3>
        <span
          className={`provider-status provider-status--${status?.configured ? 'on' : 'off'}${warn ? ' provider-status--warn' : ''}`}
          data-testid={`provider-${provider}-status`}
        >
          {status?.problem && status.configured ? 'Failing' : statusLabel(status)}
        </span>
      </header>
      <p className="muted">{spec.summary}</p>
      <Notices provider={provider} status={status} />

      {isKeyedProvider(provider) ? <ProviderKey provider={provider} status={status} /> : null}
      <ProviderTest provider={provider} />

      <form
        className="provider__settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty && parsed.success) update.mutate(parsed.data);
        }}
      >
        <div className="grid grid--2">
          {Object.keys(saved).map((k) =>
            k === 'voice' && voiceList.length > 0 ? (
              <div key={k} className="voice-pick">
                <SelectField label={fields.voice?.label ?? 'Voice'} value={draft.voice ?? ''} options={voiceOptions} onChange={set('voice')} error={errors.voice} testId={`provider-${provider}-voice`} />
                <VoicePreview provider={provider} voice={draft.voice ?? ''} disabled={!usable} testId={`provider-${provider}-preview`} />
              </div>
            ) : (
              <TextField
                key={k}
                label={fields[k]?.label ?? k}
                value={draft[k] ?? ''}
                onChange={set(k)}
                error={errors[k]}
                hint={k === 'voice' && voices.data?.error ? voices.data.error : fields[k]?.hint}
                placeholder={fields[k]?.default === null ? 'Default' : undefined}
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
