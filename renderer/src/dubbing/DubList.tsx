import { StatusPill } from '../ui/StatusPill';
import { useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import type { DubSummary } from '../../../contract';
import { koruKey, useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';
import { notify } from '../app/toasts';
import { formatClock } from '../format';
import { ConfirmDialog } from '../ui/Dialog';

const STATUS_LABEL: Record<DubSummary['status'], string> = { working: 'working', ready: 'ready', failed: 'failed', cancelled: 'cancelled' };

/** The stored dubs, newest first, kept current by `dubbing.updated`; delete with a confirm. */
export function DubList({ selectedId, onSelect, onDeleted }: { selectedId: string | null; onSelect: (id: string) => void; onDeleted: (id: string) => void }) {
  const queryClient = useQueryClient();
  const list = useKoruQuery('dubbing.list', {});
  useKoruEvent('dubbing.updated', () => void queryClient.invalidateQueries({ queryKey: ['dubbing.list'] }));
  const [deleting, setDeleting] = useState<DubSummary | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const remove = useKoruMutation('dubbing.delete', {
    onSuccess: (_r, { id }) => {
      void queryClient.invalidateQueries({ queryKey: ['dubbing.list'] });
      queryClient.removeQueries({ queryKey: koruKey('dubbing.get', { id }) });
      notify('success', 'Dub deleted');
      onDeleted(id);
    },
    onSettled: () => setDeleting(null),
  });

  return (
    <div className="session-list">
      {list.isPending ? <p className="muted list-note">Loading…</p> : null}
      {list.data && list.data.length === 0 ? <p className="muted list-note">No dubs yet — drop a recording to make the first one.</p> : null}
      <ul className="rows" aria-label="Dubs" ref={listRef} tabIndex={-1} data-testid="dub-list">
        {list.data?.map((d) => (
          <li key={d.id} className={`ritual-row${d.id === selectedId ? ' ritual-row--selected' : ''}`} data-testid="dub-item">
            <button type="button" className="row" aria-current={d.id === selectedId ? 'true' : undefined} onClick={() => onSelect(d.id)}>
              <span className="row__title">
                <span className="row__name">{d.title}</span>
                <StatusPill status={d.status} className="row__state" testId="dub-item-status">
                  {STATUS_LABEL[d.status]}
                </StatusPill>
              </span>
              <span className="row__meta">
                {d.durationSec !== null ? formatClock(d.durationSec) : 'decoding…'} · into {d.to}
              </span>
            </button>
            <div className="ritual-row__actions">
              <button type="button" className="icon-button icon-button--danger" aria-label={`Delete “${d.title}”`} onClick={() => setDeleting(d)} data-testid="dub-delete">
                <Trash2 size={15} aria-hidden="true" />
              </button>
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this dub?"
        description={`“${deleting?.title ?? ''}”, its lines and its voices will be removed (files already exported stay). This cannot be undone.`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        fallbackFocus={() => listRef.current}
      />
    </div>
  );
}
