import { Plus } from 'lucide-react';
import { useState } from 'react';
import { RitualForm } from './RitualForm';
import { RitualList } from './RitualList';
import { RitualView } from './RitualView';

interface Props {
  /** null: the request form; an id: that ritual. Held by the shell so it survives a page visit. */
  selected: string | null;
  onSelect: (id: string | null) => void;
}

/** Rituals: the library on the left; the request form or one ritual on the right. */
export function RitualsPage({ selected, onSelect }: Props) {
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
            onClick={() => onSelect(null)}
            aria-pressed={selected === null}
            data-testid="new-ritual"
          >
            <Plus size={16} aria-hidden="true" /> New ritual
          </button>
        </div>
        <RitualList
          selectedId={selected}
          onSelect={onSelect}
          onDeleted={(id) => {
            if (id === selected) onSelect(null);
          }}
        />
      </aside>

      <section className="sessions-page__editor" aria-label={selected ? 'Ritual' : 'New ritual'}>
        {selected === null ? (
          <RitualForm
            onStarted={(id) => {
              setStarted(id);
              onSelect(id);
            }}
          />
        ) : (
          <RitualView key={selected} id={selected} focusTitle={started === selected} />
        )}
      </section>
    </div>
  );
}
