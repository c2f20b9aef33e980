import { useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plug } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { notify } from '../app/toasts';
import type { ChannelOutput } from '../../../contract';
import { cloudOf, type KeyedProviderId, type ProviderId, type ProviderStatus } from '../../../contract/providers';
import { koruKey, useKoruMutation } from '../app/koru';
import { PROVIDER_NAMES } from './names';

/**
 * The key field: write-only. It starts empty whatever is stored (the renderer never receives a
 * key, only "configured"), sends the typed key once to main, and empties itself after the save.
 */
export function ProviderKey({ provider, status }: { provider: KeyedProviderId; status: ProviderStatus | undefined }) {
  const queryClient = useQueryClient();
  const id = useId();
  const [key, setKey] = useState('');
  const setStatuses = (s: ChannelOutput<'providers.status'>) => queryClient.setQueryData(koruKey('providers.status', {}), s);
  const save = useKoruMutation('providers.setKey', {
    onSuccess: (s) => {
      setStatuses(s);
      notify('success', `${PROVIDER_NAMES[provider]} key saved`);
    },
    // Whatever happened, the key does not stay on screen or in React state.
    onSettled: () => setKey(''),
  });
  const clear = useKoruMutation('providers.clearKey', {
    onSuccess: (s) => {
      setStatuses(s);
      notify('success', `${PROVIDER_NAMES[provider]} key removed`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) save.mutate({ provider, key });
  };

  const keyEnv = cloudOf(provider).keyEnv;
  const stored = status?.source === 'store' || status?.detachedKey?.source === 'store';
  const fromEnv = status?.source === 'env';
  const here = status?.endpoint ?? 'this endpoint';
  const placeholder = status?.detachedKey
    ? `Enter the key for ${here}`
    : stored
      ? 'A key is stored — type a new one to replace it'
      : fromEnv
        ? `Using ${keyEnv} — type a key to store one`
        : 'Paste your API key';
  return (
    <form className="provider-key" onSubmit={submit}>
      <label className="field__label" htmlFor={id}>
        API key
      </label>
      <div className="provider-key__row">
        <input
          id={id}
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          placeholder={placeholder}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby={`${id}-hint`}
          data-testid={`provider-${provider}-key`}
        />
        <button type="submit" className="button" disabled={!key.trim() || save.isPending} data-testid={`provider-${provider}-save`}>
          <KeyRound size={15} aria-hidden="true" /> {save.isPending ? 'Saving…' : 'Save key'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!stored || clear.isPending}
          onClick={() => clear.mutate({ provider })}
          data-testid={`provider-${provider}-clear`}
        >
          Clear
        </button>
      </div>
      <p className="field__hint" id={`${id}-hint`}>
        Stored encrypted on this machine and sent only to {here}, the endpoint it is entered for; it is never shown again.{' '}
        {keyEnv} in the environment works too.
      </p>
    </form>
  );
}

type TestResult = ChannelOutput<'providers.test'>;

/** "Test connection": one real call through main, with its result and latency. */
export function ProviderTest({ provider }: { provider: ProviderId }) {
  const [result, setResult] = useState<TestResult | null>(null);
  const test = useKoruMutation('providers.test', {
    onMutate: () => setResult(null),
    onSuccess: setResult,
  });
  return (
    <div className="provider-test">
      <button type="button" className="button" onClick={() => test.mutate({ provider })} disabled={test.isPending} data-testid={`provider-${provider}-test`}>
        <Plug size={15} aria-hidden="true" /> {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <span role="status" aria-live="polite" className={result ? (result.ok ? 'test-ok' : 'test-fail') : undefined} data-testid={`provider-${provider}-test-result`}>
        {result ? `${result.ok ? 'Connected' : 'Failed'} — ${result.message} (${Math.round(result.latencyMs)} ms)` : ''}
      </span>
    </div>
  );
}
