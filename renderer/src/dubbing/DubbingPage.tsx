import { Plus } from 'lucide-react';
import { useState } from 'react';
import { DubList } from './DubList';
import { DubView } from './DubView';
import { NewDubForm } from './NewDubForm';
import './dubbing.css';

/** The dubbing studio: the stored dubs on the left; the new-dub form or one dub on the right
 *  (its steps, the waveform with its lines, original/dub A/B, the editable lines, the export). */
export function DubbingPage() {
  const [selected, setSelected] = useState<string | null>(null);
  // A dub just started from the form takes focus, so keyboard and screen-reader users follow it.
  const [started, setStarted] = useState<string | null>(null);
  return (
    <div className="sessions-page dubbing-page">
      <aside className="sessions-page__list" aria-label="Dubs">
        <header className="page-header">
          <h1>Dubbing</h1>
        </header>
        <div className="button-row button-row--stretch">
          <button type="button" className="button button--primary" onClick={() => setSelected(null)} aria-pressed={selected === null} data-testid="new-dub">
            <Plus size={16} aria-hidden="true" /> New dub
          </button>
        </div>
        <DubList selectedId={selected} onSelect={setSelected} onDeleted={(id) => id === selected && setSelected(null)} />
      </aside>
      <section className="sessions-page__editor" aria-label={selected ? 'Dub' : 'New dub'}>
        {selected === null ? (
          <NewDubForm
            onCreated={(id) => {
              setStarted(id);
              setSelected(id);
            }}
          />
        ) : (
          <DubView key={selected} id={selected} focusTitle={started === selected} />
        )}
      </section>
    </div>
  );
}
