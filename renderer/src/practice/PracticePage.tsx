import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { useKoruQuery } from '../app/koru';
import { CountPanel } from './CountPanel';
import { HistoryChart } from './HistoryChart';
import { MantraLibrary } from './MantraLibrary';
import { usePracticeStats } from './usePractice';
import { VoicedPanel } from './VoicedPanel';
import './practice.css';

/** The page's panels, as tabs; another panel (the sky, …) is one more entry here. */
type Panel = 'count' | 'voiced' | 'history';

/** Practice: the mantra library on the left; counting, the prayer wheel and history as tabs. */
export function PracticePage() {
  const list = useKoruQuery('practice.mantras.list', {});
  const [chosen, setChosen] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('count');
  const mantra = list.data?.find((m) => m.id === chosen) ?? list.data?.[0] ?? null;

  return (
    <div className="sessions-page practice-page">
      <aside className="sessions-page__list" aria-label="Mantra library">
        <header className="page-header">
          <h1>Practice</h1>
        </header>
        <MantraLibrary selected={mantra?.id ?? null} onSelect={setChosen} />
      </aside>
      <section className="sessions-page__editor" aria-label="Practice">
        {mantra ? (
          <>
            <header className="practice-head">
              <h2 data-testid="practice-mantra">{mantra.text}</h2>
              <p className="muted">
                {mantra.language} · {mantra.tradition}
                {mantra.source ? ` · ${mantra.source}` : ''}
              </p>
              {mantra.meaning ? <p className="practice-text">{mantra.meaning}</p> : null}
            </header>
            <Tabs.Root className="tabs" value={panel} onValueChange={(v) => setPanel(v as Panel)}>
              <Tabs.List className="tabs__list" aria-label="Practice panels">
                <Tabs.Trigger className="tabs__trigger" value="count" data-testid="practice-tab-count">
                  Mala
                </Tabs.Trigger>
                <Tabs.Trigger className="tabs__trigger" value="voiced" data-testid="practice-tab-voiced">
                  Prayer wheel
                </Tabs.Trigger>
                <Tabs.Trigger className="tabs__trigger" value="history" data-testid="practice-tab-history">
                  History
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content className="tabs__content" value="count">
                <CountPanel key={mantra.id} mantra={mantra} active={panel === 'count'} />
              </Tabs.Content>
              <Tabs.Content className="tabs__content" value="voiced">
                <VoicedPanel key={mantra.id} mantra={mantra} />
              </Tabs.Content>
              <Tabs.Content className="tabs__content" value="history">
                <History mantraId={mantra.id} />
              </Tabs.Content>
            </Tabs.Root>
          </>
        ) : (
          <p className="muted">{list.isPending ? 'Loading…' : 'No mantras yet.'}</p>
        )}
      </section>
    </div>
  );
}

function History({ mantraId }: { mantraId: string }) {
  const stats = usePracticeStats(mantraId);
  const s = stats.data;
  if (!s) return <p className="muted">Loading…</p>;
  return (
    <section className="panel" aria-labelledby="practice-history">
      <header className="panel__header">
        <h3 id="practice-history">The last {s.history.length} days</h3>
      </header>
      <HistoryChart history={s.history} target={s.dailyTarget} />
      <p className="muted">
        {s.lifetime.count.toLocaleString()} repetitions in all · {s.lifetime.rounds.toLocaleString()} rounds · {s.lifetime.days} {s.lifetime.days === 1 ? 'day' : 'days'} practised
        {s.dedication ? ` · today dedicated: “${s.dedication}”` : ''}
      </p>
    </section>
  );
}
