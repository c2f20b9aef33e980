import { StatusPill } from '../ui/StatusPill';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Search, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { STORY_PAGE, type StorySummary } from '../../../contract/stories';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { notify } from '../app/toasts';
import { formatMinutes } from '../format';
import { ConfirmDialog } from '../ui/Dialog';

interface Props {
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDeleted: (id: string) => void;
}

/** The library: full-text search (title, source, script), status and progress, delete with confirm. */
export function StoryList({ selectedId, onSelect, onDeleted }: Props) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  const [limit, setLimit] = useState(STORY_PAGE);
  const list = useKoruQuery('stories.list', query ? { query, limit } : { limit }, { placeholderData: keepPreviousData });
  const [deleting, setDeleting] = useState<StorySummary | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const remove = useKoruMutation('stories.delete', {
    onSuccess: (_r, { id }) => {
      void queryClient.invalidateQueries({ queryKey: ['stories.list'] });
      queryClient.removeQueries({ queryKey: koruKey('stories.get', { id }) });
      notify('success', 'Story deleted');
      onDeleted(id);
    },
    onSettled: () => setDeleting(null),
  });
  return (
    <div className="session-list">
      <div className="search">
        <Search size={16} aria-hidden="true" className="search__icon" />
        <input
          type="search"
          className="input search__input"
          placeholder="Search stories and scripts"
          aria-label="Search stories"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          ref={searchRef}
          data-testid="story-search"
        />
      </div>
      {list.data && list.data.length === 0 ? <p className="muted list-note">{query ? `Nothing matches “${query}”.` : 'No stories yet — tell your first one.'}</p> : null}
      <ul className="rows" aria-label="Stories">
        {list.data?.map((s) => (
          <li key={s.id} className="ritual-row">
            <button type="button" className="row" aria-current={s.id === selectedId ? 'true' : undefined} onClick={() => onSelect(s.id)} data-testid="story-row">
              <span className="row__title">
                <span className="row__name">{s.title}</span>
                <StatusPill status={s.status} className="row__state" testId="story-row-status">
                  {s.status === 'completed' ? 'ready' : s.status}
                  {s.status !== 'completed' && s.status !== 'failed' && s.status !== 'cancelled' ? ` ${Math.round(s.progress)}%` : ''}
                </StatusPill>
              </span>
              <span className="row__meta">
                {s.style} · {s.durationSec > 0 ? formatMinutes(s.durationSec) : `${s.minutes} min`}
              </span>
              <span className="row__intention">{s.source}</span>
            </button>
            <div className="ritual-row__actions">
              <button type="button" className="icon-button" aria-label={`Delete ${s.title}`} onClick={() => setDeleting(s)} data-testid="story-delete">
                <Trash2 size={16} aria-hidden="true" />
              </button>
            </div>
          </li>
        ))}
      </ul>
      {(list.data?.length ?? 0) >= limit ? (
        <button type="button" className="button button--ghost list-more" onClick={() => setLimit((n) => n + STORY_PAGE)}>
          Show more
        </button>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this story?"
        description={`“${deleting?.title ?? ''}” and its narration will be removed. This cannot be undone.`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        fallbackFocus={() => searchRef.current}
      />
    </div>
  );
}
