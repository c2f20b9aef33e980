import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, ArrowDown, ArrowUp, Plus, X } from 'lucide-react';
import { canWrite, hasCapability, OFFLINE, PROVIDER_IDS, type ProviderId, type ProviderSettings, type ProviderStatus } from '../../../contract/providers';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { SelectField } from '../ui/fields';
import { naturalVoices, PROVIDER_NAMES, statusLabel } from './names';
import { ProviderCard } from './ProviderCard';
import { useProviderStatus } from './useProviderStatus';

/** Settings → Providers: who writes and who speaks rituals, and the keys they need. */
export function ProvidersSection() {
  const statuses = useProviderStatus();
  const settings = useKoruQuery('providers.settings.get', {});
  const byId = (p: ProviderId) => statuses.data?.find((s) => s.provider === p);
  const s = settings.data;

  return (
    <section className="providers" aria-labelledby="providers-heading" data-testid="providers">
      <header className="page-header">
        <h2 id="providers-heading">Providers</h2>
      </header>
      {statuses.data ? <Banner statuses={statuses.data} /> : null}
      {s ? (
        <>
          <SpeechChain settings={s} statuses={statuses.data ?? []} />
          {PROVIDER_IDS.map((p) => (
            <ProviderCard key={p} provider={p} status={byId(p)} settings={s} />
          ))}
        </>
      ) : (
        <p className="muted">{settings.isError ? 'Provider settings are not available.' : 'Loading…'}</p>
      )}
    </section>
  );
}

/** What rituals will use right now: a failing provider first, then "add a key" only if none is usable. */
function Banner({ statuses }: { statuses: readonly ProviderStatus[] }) {
  const failing = statuses.filter((s) => s.problem);
  const speakers = naturalVoices(statuses);
  const usable = statuses.filter((s) => s.source !== 'builtin' && s.configured);
  if (failing.length > 0) {
    return (
      <div className="alert" role="alert" data-testid="providers-banner">
        <AlertTriangle size={18} aria-hidden="true" />
        <div>
          <strong>{failing.length === 1 ? `${PROVIDER_NAMES[failing[0]!.provider]} is failing` : 'Some providers are failing'}</strong>
          {failing.map((s) => (
            <p key={s.provider}>{s.problem}</p>
          ))}
          <p>Rituals fall back to the next provider in the order below, and to the offline voice, until this is fixed.</p>
        </div>
      </div>
    );
  }
  if (usable.length === 0) {
    return (
      <p className="muted" data-testid="providers-banner">
        Rituals work with no key and no network: an offline writer and the offline voice are used whenever no provider is set
        up. Add a key for natural voices and LLM-written scripts.
      </p>
    );
  }
  const voiced = speakers.length > 0 ? `voiced by ${speakers.map((s) => PROVIDER_NAMES[s.provider]).join(', ')} in the order below` : 'voiced offline';
  return (
    <p className="muted" data-testid="providers-banner">
      Rituals are {voiced}; the offline voice stands in whenever none of them answers.
    </p>
  );
}

/** The speech fallback order (first that works speaks) and the script writer. */
function SpeechChain({ settings, statuses }: { settings: ProviderSettings; statuses: readonly ProviderStatus[] }) {
  const queryClient = useQueryClient();
  const update = useKoruMutation('providers.settings.update', {
    onSuccess: (next) => queryClient.setQueryData(koruKey('providers.settings.get', {}), next),
  });
  const order = settings.speechOrder;
  const speakers = PROVIDER_IDS.filter((p) => hasCapability(p, 'speech'));
  const unused = speakers.filter((p) => !order.includes(p));
  const writers = PROVIDER_IDS.filter(canWrite);
  const setOrder = (next: ProviderId[], onDone?: () => void) => update.mutate({ speechOrder: next }, { onSuccess: onDone });
  const move = (i: number, dir: -1 | 1) => {
    const next = [...order];
    const [item] = next.splice(i, 1);
    if (item === undefined) return;
    next.splice(i + dir, 0, item);
    // Keyboard users keep their place: focus follows the moved provider (the other arrow once
    // it reaches an end and this one is disabled).
    setOrder(next, () =>
      requestAnimationFrame(() => {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>(`[data-testid="speech-order-${item}"] button`)];
        const same = buttons[dir === -1 ? 0 : 1];
        (same && !same.disabled ? same : buttons[dir === -1 ? 1 : 0])?.focus();
      }),
    );
  };
  // New entries go before the offline voice, which stays the last resort.
  const add = (p: ProviderId) => {
    const at = order.indexOf(OFFLINE);
    setOrder(at < 0 ? [...order, p] : [...order.slice(0, at), p, ...order.slice(at)]);
  };
  const usableWriter = (p: ProviderId) => statuses.find((s) => s.provider === p)?.configured === true;
  const status = (p: ProviderId) => statusLabel(statuses.find((s) => s.provider === p));

  return (
    <section className="panel" aria-labelledby="speech-order-heading">
      <header className="panel__header">
        <h3 id="speech-order-heading">Speech fallback order</h3>
      </header>
      <p className="muted">Each ritual is voiced by the first provider here that answers; the offline voice always comes last.</p>
      <ol className="speech-order" data-testid="speech-order">
        {order.map((p, i) => (
          <li key={p} className="speech-order__item" data-testid={`speech-order-${p}`}>
            <span className="speech-order__rank tabular">{i + 1}</span>
            <span className="speech-order__name">{PROVIDER_NAMES[p]}</span>
            <span className="muted speech-order__status">{status(p)}</span>
            <button type="button" className="icon-button" aria-label={`Move ${PROVIDER_NAMES[p]} up`} disabled={i === 0 || update.isPending} onClick={() => move(i, -1)}>
              <ArrowUp size={16} aria-hidden="true" />
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${PROVIDER_NAMES[p]} down`}
              disabled={i === order.length - 1 || update.isPending}
              onClick={() => move(i, 1)}
            >
              <ArrowDown size={16} aria-hidden="true" />
            </button>
            <button
              type="button"
              className="icon-button icon-button--danger"
              aria-label={`Remove ${PROVIDER_NAMES[p]} from the order`}
              disabled={order.length <= 1 || p === OFFLINE || update.isPending}
              onClick={() => setOrder(order.filter((x) => x !== p))}
            >
              <X size={16} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ol>
      {unused.length ? (
        <div className="button-row">
          {unused.map((p) => (
            <button key={p} type="button" className="button button--ghost" onClick={() => add(p)} disabled={update.isPending}>
              <Plus size={14} aria-hidden="true" /> Add {PROVIDER_NAMES[p]}
            </button>
          ))}
        </div>
      ) : null}
      <SelectField
        label="Script writer"
        value={settings.writer}
        options={writers.map((p) => ({ value: p, label: p === OFFLINE ? 'Offline writer (templates, no network)' : `${PROVIDER_NAMES[p]}${usableWriter(p) ? '' : ' (no key — the offline writer is used)'}` }))}
        onChange={(writer) => update.mutate({ writer })}
        testId="provider-writer"
        className="speech-order__writer"
      />
    </section>
  );
}
