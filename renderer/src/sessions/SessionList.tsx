import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { useKoruQuery } from '../app/koru';
import { formatMinutes } from '../format';
import { usePlaybackStatus } from '../playback/usePlayback';

interface Props {
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function SessionList({ selectedId, onSelect }: Props) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  // Search as you type, but ask main once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 200);
    return () => clearTimeout(t);
  }, [search]);
  const playback = usePlaybackStatus();
  const list = useKoruQuery('sessions.list', query ? { query } : {}, { placeholderData: keepPreviousData });

  return (
    <div className="session-list">
      <div className="search">
        <Search size={16} aria-hidden="true" className="search__icon" />
        <input
          type="search"
          className="input search__input"
          placeholder="Search sessions"
          aria-label="Search sessions"
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="session-search"
        />
      </div>
      {list.isPending ? <p className="muted list-note">Loading…</p> : null}
      {list.data && list.data.length === 0 ? (
        <p className="muted list-note">{query ? `Nothing matches “${query}”.` : 'No sessions yet — start one from a preset.'}</p>
      ) : null}
      <ul className="rows" aria-label="Sessions">
        {list.data?.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="row"
              aria-current={s.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(s.id)}
            >
              <span className="row__title">
                <span className="row__name" data-testid="session-row">
                  {s.name}
                </span>
                {playback.sessionId === s.id && playback.state !== 'idle' ? (
                  <span className={`state state--${playback.state} row__state`}>{playback.state}</span>
                ) : null}
              </span>
              <span className="row__meta">
                {formatMinutes(s.durationSec)}
                {s.tags.length ? ` · ${s.tags.join(', ')}` : ''}
              </span>
              {s.intention ? <span className="row__intention">{s.intention}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
