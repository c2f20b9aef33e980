import { useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plug } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { ChannelOutput } from '../../../contract';
import type { KeyedProviderId, ProviderId, ProviderStatus } from '../../../contract/rituals';
import { koruKey, useKoruMutation } from '../app/koru';
import { KEY_ENV, PROVIDER_NAMES } from './names';

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
      toast.success(`${PROVIDER_NAMES[provider]} key saved`);
    },
    // Whatever happened, the key does not stay on screen or in React state.
    onSettled: () => setKey(''),
  });
  const clear = useKoruMutation('providers.clearKey', {
    onSuccess: (s) => {
      setStatuses(s);
      toast.success(`${PROVIDER_NAMES[provider]} key removed`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (key.trim()) save.mutate({ provider, key });
  };

  const stored = status?.source === 'store';
  const fromEnv = status?.source === 'env' && status.configured;
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
          placeholder={stored ? 'A key is stored — type a new one to replace it' : fromEnv ? `Using ${KEY_ENV[provider]} — type a key to store one` : 'Paste your API key'}
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
        Stored encrypted on this machine and used only by Koru’s engine; it is never shown again. {KEY_ENV[provider]} in the
        environment works too.
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
