import { StatusPill } from '../ui/StatusPill';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { Check, Pencil, Search, Trash2, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { notify } from '../app/toasts';
import { RITUAL_PAGE, type RitualSummary } from '../../../contract/rituals';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { formatMinutes } from '../format';
import { usePlaybackStatus } from '../playback/usePlayback';
import { ConfirmDialog } from '../ui/Dialog';

interface Props {
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDeleted: (id: string) => void;
}

/** The library: full-text search (title, intention, script), rename in place, delete with confirm. */
export function RitualList({ selectedId, onSelect, onDeleted }: Props) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  // A page at a time: a library of thousands stays quick to fetch and to draw.
  const [limit, setLimit] = useState(RITUAL_PAGE);
  useEffect(() => setLimit(RITUAL_PAGE), [query]);
  const list = useKoruQuery('rituals.list', query ? { query, limit } : { limit }, { placeholderData: keepPreviousData });
  const more = (list.data?.length ?? 0) >= limit;
  const [deleting, setDeleting] = useState<RitualSummary | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const remove = useKoruMutation('rituals.delete', {
    onSuccess: (_r, { id }) => {
      void queryClient.invalidateQueries({ queryKey: ['rituals.list'] });
      queryClient.removeQueries({ queryKey: koruKey('rituals.get', { id }) });
      notify('success', 'Ritual deleted');
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
          placeholder="Search rituals and scripts"
          aria-label="Search rituals"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          ref={searchRef}
          data-testid="ritual-search"
        />
      </div>
      {list.isPending ? <p className="muted list-note">Loading…</p> : null}
      {list.data && list.data.length === 0 ? (
        <p className="muted list-note">{query ? `Nothing matches “${query}”.` : 'No rituals yet — write your first one.'}</p>
      ) : null}
      <ul className="rows" aria-label="Rituals">
        {list.data?.map((r) => (
          <RitualRow key={r.id} ritual={r} selected={r.id === selectedId} onSelect={() => onSelect(r.id)} onDelete={() => setDeleting(r)} />
        ))}
      </ul>
      {more ? (
        <button type="button" className="button button--ghost list-more" onClick={() => setLimit((n) => n + RITUAL_PAGE)} disabled={list.isFetching} data-testid="ritual-more">
          Show more
        </button>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this ritual?"
        description={`“${deleting?.title ?? ''}” and its narration will be removed. This cannot be undone.`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        fallbackFocus={() => searchRef.current} // the deleted row's button is gone
      />
    </div>
  );
}

const STATUS_LABEL: Record<RitualSummary['status'], string> = {
  writing: 'writing',
  voicing: 'voicing',
  ready: 'ready',
  failed: 'failed',
  cancelled: 'cancelled',
};

function RitualRow({ ritual: r, selected, onSelect, onDelete }: { ritual: RitualSummary; selected: boolean; onSelect: () => void; onDelete: () => void }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const rename = useKoruMutation('rituals.rename', {
    onSuccess: (ritual) => {
      queryClient.setQueryData(koruKey('rituals.get', { id: ritual.id }), ritual);
      void queryClient.invalidateQueries({ queryKey: ['rituals.list'] });
      setEditing(null);
      renameButton.current?.focus();
    },
  });
  // Select the old title once, when editing starts, so typing replaces it.
  const isEditing = editing !== null;
  useEffect(() => {
    if (isEditing) input.current?.select();
  }, [isEditing]);

  const save = () => {
    if (editing === null) return;
    const title = editing.trim();
    if (!title || title === r.title) {
      setEditing(null);
      return;
    }
    rename.mutate({ id: r.id, title });
  };
  const playback = usePlaybackStatus();
  const playing = playback.sessionId === r.id && playback.state !== 'idle';
  const duration = r.durationSec > 0 ? formatMinutes(r.durationSec) : `${r.minutes} min`;

  return (
    <li className={`ritual-row${selected ? ' ritual-row--selected' : ''}`} data-testid="ritual-row">
      {editing !== null ? (
        <div className="ritual-row__rename">
          <input
            ref={input}
            className="input"
            aria-label={`New title for “${r.title}”`}
            value={editing}
            maxLength={120}
            disabled={rename.isPending}
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') save();
              if (e.key === 'Escape') {
                setEditing(null);
                renameButton.current?.focus();
              }
            }}
            data-testid="ritual-rename-input"
          />
          <button type="button" className="icon-button" aria-label="Save title" onClick={save} data-testid="ritual-rename-save">
            <Check size={16} aria-hidden="true" />
          </button>
          <button type="button" className="icon-button" aria-label="Cancel rename" onClick={() => setEditing(null)}>
            <X size={16} aria-hidden="true" />
          </button>
        </div>
      ) : (
        <button type="button" className="row" aria-current={selected ? 'true' : undefined} onClick={onSelect}>
          <span className="row__title">
            <span className="row__name" data-testid="ritual-row-title">
              {r.title}
            </span>
            {playing ? (
              <span className={`state state--${playback.state} row__state`}>{playback.state}</span>
            ) : (
              <StatusPill status={r.status} className="row__state">
                {STATUS_LABEL[r.status]}
              </StatusPill>
            )}
          </span>
          <span className="row__meta">{duration}</span>
          {r.intention ? <span className="row__intention">{r.intention}</span> : null}
        </button>
      )}
      {editing === null ? (
        <div className="ritual-row__actions">
          <button
            ref={renameButton}
            type="button"
            className="icon-button"
            aria-label={`Rename “${r.title}”`}
            onClick={() => setEditing(r.title)}
            data-testid="ritual-rename"
          >
            <Pencil size={15} aria-hidden="true" />
          </button>
          <button type="button" className="icon-button icon-button--danger" aria-label={`Delete “${r.title}”`} onClick={onDelete} data-testid="ritual-delete">
            <Trash2 size={15} aria-hidden="true" />
          </button>
        </div>
      ) : null}
    </li>
  );
}
