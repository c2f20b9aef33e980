import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Search, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { issuesMessage } from '../../../contract/issues';
import { MantraDraft, type Mantra, type MantraDraftInput } from '../../../contract/practice';
import { useKoruMutation, useKoruQuery } from '../app/koru';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { TextField } from '../ui/fields';

const EMPTY: MantraDraftInput = { text: '', language: '', tradition: '', meaning: '' };

/** The starter mantras and your own: pick one to practise; add, edit or delete your own. */
export function MantraLibrary({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const queryClient = useQueryClient();
  const list = useKoruQuery('practice.mantras.list', {});
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ id: string | null; draft: MantraDraftInput } | null>(null);
  const [deleting, setDeleting] = useState<Mantra | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['practice.mantras.list'] });
  const remove = useKoruMutation('practice.mantras.delete', {
    onSuccess: () => {
      setDeleting(null);
      void refresh();
    },
  });
  const q = query.trim().toLowerCase();
  const shown = (list.data ?? []).filter((m) => !q || `${m.text} ${m.tradition} ${m.language}`.toLowerCase().includes(q));
  return (
    <div className="session-list">
      <div className="search">
        <Search size={16} aria-hidden="true" className="search__icon" />
        <input className="input search__input" type="search" placeholder="Search mantras" aria-label="Search mantras" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="button-row button-row--stretch">
        <button type="button" className="button" onClick={() => setEditing({ id: null, draft: EMPTY })} data-testid="mantra-new">
          <Plus size={16} aria-hidden="true" /> Your own mantra
        </button>
      </div>
      {list.isPending ? <p className="muted list-note">Loading…</p> : null}
      <ul className="rows" aria-label="Mantras">
        {shown.map((m) => (
          <li key={m.id} className="mantra-row">
            <button type="button" className="row" aria-current={m.id === selected ? 'true' : undefined} onClick={() => onSelect(m.id)} data-testid="mantra-row">
              <span className="row__title">
                <span className="row__name">{m.text}</span>
              </span>
              <span className="row__meta">
                {m.language} · {m.tradition}
              </span>
            </button>
            {m.builtin ? null : (
              <span className="mantra-row__actions">
                <button type="button" className="icon-button" aria-label={`Edit “${m.text}”`} onClick={() => setEditing({ id: m.id, draft: { text: m.text, language: m.language, tradition: m.tradition, meaning: m.meaning } })}>
                  <Pencil size={14} aria-hidden="true" />
                </button>
                <button type="button" className="icon-button icon-button--danger" aria-label={`Delete “${m.text}”`} onClick={() => setDeleting(m)}>
                  <Trash2 size={14} aria-hidden="true" />
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {editing ? (
        <MantraEditor
          initial={editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            void refresh();
            onSelect(m.id);
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this mantra?"
        description={`“${deleting?.text ?? ''}” and its counts will be removed. This cannot be undone.`}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </div>
  );
}

function MantraEditor({ initial, onClose, onSaved }: { initial: { id: string | null; draft: MantraDraftInput }; onClose: () => void; onSaved: (m: Mantra) => void }) {
  const [draft, setDraft] = useState(initial.draft);
  const [error, setError] = useState<string | null>(null);
  const create = useKoruMutation('practice.mantras.create', { onSuccess: onSaved });
  const update = useKoruMutation('practice.mantras.update', { onSuccess: onSaved });
  const set = (k: keyof MantraDraftInput) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const save = () => {
    const r = MantraDraft.safeParse(draft);
    if (!r.success) {
      setError(issuesMessage(r.error));
      return;
    }
    setError(null);
    if (initial.id) update.mutate({ id: initial.id, draft: r.data });
    else create.mutate(r.data);
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={initial.id ? 'Edit mantra' : 'Your own mantra'} testId="mantra-editor">
      <TextField label="Mantra" value={draft.text} onChange={set('text')} multiline testId="mantra-text" />
      <div className="grid grid--2">
        <TextField label="Language" value={draft.language} onChange={set('language')} placeholder="Sanskrit" testId="mantra-language" />
        <TextField label="Tradition" value={draft.tradition} onChange={set('tradition')} placeholder="Tibetan Buddhism" testId="mantra-tradition" />
      </div>
      <TextField label="Meaning (optional)" value={draft.meaning ?? ''} onChange={set('meaning')} multiline testId="mantra-meaning" />
      {error ? (
        <p className="field__error" role="alert" data-testid="mantra-error">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={save} disabled={create.isPending || update.isPending} data-testid="mantra-save">
          Save
        </button>
      </div>
    </Dialog>
  );
}
