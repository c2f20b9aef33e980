import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { CONFIG_FILE_NAMES, ENGINE_LABELS, ENGINES, type ConfigFile, type Engine } from '../../../contract/assistant';
import { PROVIDERS, providersThat } from '../../../contract/providers';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import './assistant.css';

/** Settings → Assistant: how it calls you, your time zone, the engine and providers, and your
 *  own copies of its prompt and functions (a broken copy shows its line; the last good is used). */
export function AssistantSettings() {
  const queryClient = useQueryClient();
  const status = useKoruQuery('assistant.status', {});
  const update = useKoruMutation('assistant.settings.update', { onSuccess: (s) => queryClient.setQueryData(koruKey('assistant.status', {}), s) });
  const id = useId();
  const s = status.data?.settings;
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  useEffect(() => {
    setName(s?.name ?? '');
    setZone(s?.timeZone ?? '');
  }, [s?.name, s?.timeZone]);
  const choose = (ids: string[]) => ids.map((p) => <option key={p} value={p}>{PROVIDERS[p as keyof typeof PROVIDERS].label}</option>);

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="assistant-settings">
      <header className="panel__header">
        <h2 id={`${id}-h`}>Assistant</h2>
      </header>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ name: name.trim() || null, timeZone: zone.trim() || null });
        }}
      >
        <label className="field">
          <span className="field__label">Your name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder="How the assistant greets you" data-testid="assistant-name" />
        </label>
        <label className="field">
          <span className="field__label">Time zone</span>
          <input className="input" value={zone} onChange={(e) => setZone(e.target.value)} maxLength={64} placeholder={status.data ? `${status.data.timeZone} (from Sky or this computer)` : ''} data-testid="assistant-zone" />
        </label>
        <button type="submit" className="button">
          Save
        </button>
      </form>
      {update.error ? <p className="field__error">{update.error.message}</p> : null}
      <div className="field-row">
        <label className="field">
          <span className="field__label">Engine</span>
          <select className="input select" value={s?.engine ?? ''} onChange={(e) => update.mutate({ engine: (e.target.value || null) as Engine | null })}>
            <option value="">Automatic (turn by turn when a model is set up, else offline)</option>
            {ENGINES.map((e) => <option key={e} value={e}>{ENGINE_LABELS[e]}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Thinks with</span>
          <select className="input select" value={s?.think ?? ''} onChange={(e) => update.mutate({ think: (e.target.value || null) as never })}>
            <option value="">The first configured</option>
            {choose(providersThat('tools'))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Listens with</span>
          <select className="input select" value={s?.listen ?? ''} onChange={(e) => update.mutate({ listen: (e.target.value || null) as never })}>
            <option value="">The first configured</option>
            {choose(providersThat('transcribe'))}
          </select>
        </label>
      </div>
      <ConfigEditor file="prompt" />
      <ConfigEditor file="intents" />
    </section>
  );
}

function ConfigEditor({ file }: { file: ConfigFile }) {
  const queryClient = useQueryClient();
  const view = useKoruQuery('assistant.config.get', { file });
  const set = (v: unknown) => queryClient.setQueryData(koruKey('assistant.config.get', { file }), v);
  const save = useKoruMutation('assistant.config.save', { onSuccess: set });
  const reset = useKoruMutation('assistant.config.reset', { onSuccess: set });
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? view.data?.text ?? '';
  const error = save.error?.message ?? view.data?.error ?? null;
  return (
    <details className="config-editor" data-testid={`assistant-config-${file}`}>
      <summary>
        {CONFIG_FILE_NAMES[file]} {view.data?.source === 'custom' ? '(your copy)' : '(Koru’s own)'}
      </summary>
      <textarea value={shown} onChange={(e) => setText(e.target.value)} spellCheck={false} aria-label={CONFIG_FILE_NAMES[file]} />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="field-row">
        <button type="button" className="button" onClick={() => save.mutate({ file, text: shown }, { onSuccess: () => setText(null) })} disabled={text === null}>
          Save my copy
        </button>
        <button type="button" className="button button--ghost" onClick={() => reset.mutate({ file }, { onSuccess: () => setText(null) })} disabled={view.data?.source !== 'custom'}>
          Back to Koru’s own
        </button>
      </div>
    </details>
  );
}
