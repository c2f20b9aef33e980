import { Plus } from 'lucide-react';
import { useState } from 'react';
import { RitualForm } from './RitualForm';
import { RitualList } from './RitualList';
import { RitualView } from './RitualView';
import { useRitualEvents } from './useRituals';

/** Rituals: the library on the left; the request form or one ritual on the right. */
export function RitualsPage() {
  useRitualEvents();
  // null: the request form; an id: that ritual (a new one opens here as soon as it is started).
  const [selected, setSelected] = useState<string | null>(null);
  // A ritual just started from the form takes focus, so keyboard and screen-reader users follow it.
  const [started, setStarted] = useState<string | null>(null);

  return (
    <div className="sessions-page rituals-page">
      <aside className="sessions-page__list" aria-label="Ritual library">
        <header className="page-header">
          <h1>Rituals</h1>
        </header>
        <div className="button-row button-row--stretch">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setSelected(null)}
            aria-pressed={selected === null}
            data-testid="new-ritual"
          >
            <Plus size={16} aria-hidden="true" /> New ritual
          </button>
        </div>
        <RitualList selectedId={selected} onSelect={setSelected} onDeleted={(id) => setSelected((s) => (s === id ? null : s))} />
      </aside>

      <section className="sessions-page__editor" aria-label={selected ? 'Ritual' : 'New ritual'}>
        {selected === null ? (
          <RitualForm
            onStarted={(id) => {
              setStarted(id);
              setSelected(id);
            }}
          />
        ) : (
          <RitualView key={selected} id={selected} focusTitle={started === selected} />
        )}
      </section>
    </div>
  );
}
