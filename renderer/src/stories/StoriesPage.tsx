import { Plus } from 'lucide-react';
import { StoryForm } from './StoryForm';
import { StoryList } from './StoryList';
import { StoryView } from './StoryView';
import './stories.css';

interface Props {
  /** null: the new-story form; an id: that story. Held by the shell so it survives a page visit. */
  selected: string | null;
  onSelect: (id: string | null) => void;
}

/** Code stories: the library on the left; the new-story form or one story on the right. */
export function StoriesPage({ selected, onSelect }: Props) {
  return (
    <div className="sessions-page stories-page">
      <aside className="sessions-page__list" aria-label="Story library">
        <header className="page-header">
          <h1>Stories</h1>
        </header>
        <div className="button-row button-row--stretch">
          <button type="button" className="button button--primary" onClick={() => onSelect(null)} aria-pressed={selected === null} data-testid="new-story">
            <Plus size={16} aria-hidden="true" /> New story
          </button>
        </div>
        <StoryList selectedId={selected} onSelect={onSelect} onDeleted={(id) => id === selected && onSelect(null)} />
      </aside>
      <section className="sessions-page__editor" aria-label={selected ? 'Story' : 'New story'}>
        {selected === null ? <StoryForm onStarted={onSelect} /> : <StoryView key={selected} id={selected} />}
      </section>
    </div>
  );
}
