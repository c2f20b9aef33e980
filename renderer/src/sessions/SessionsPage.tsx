import { useQueryClient } from '@tanstack/react-query';
import { FileUp, Plus, Sprout } from 'lucide-react';
import { useRef, useState } from 'react';
import { notify } from '../app/toasts';
import { notifyError } from '../app/errors';
import { acceptFor, fitsAsText, useFiles } from '../app/files';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { toForm, type DraftForm } from './draft';
import { NewSessionDialog } from './NewSessionDialog';
import { SessionEditor } from './SessionEditor';
import { SessionList } from './SessionList';

export type Selection = { kind: 'existing'; id: string } | { kind: 'new'; draft: DraftForm; key: number } | null;

interface Props {
  selection: Selection;
  onSelect: (selection: Selection) => void;
}

export function SessionsPage({ selection, onSelect }: Props) {
  const queryClient = useQueryClient();
  const [newOpen, setNewOpen] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const importSbg = useKoruMutation('sessions.importSbg', {
    meta: { silent: true },
    onSuccess: (s) => {
      queryClient.setQueryData(koruKey('sessions.get', { id: s.id }), s);
      void queryClient.invalidateQueries({ queryKey: ['sessions.list'] });
      notify('success', `Imported “${s.name}”`);
      onSelect({ kind: 'existing', id: s.id });
    },
  });

  const files = useFiles();
  const nameOf = (fileName: string) => fileName.replace(/\.sbg$/i, '').trim().slice(0, 120) || 'Imported schedule';
  // The parse error names its line; say which file too.
  const importAs = (input: { text: string } | { file: string }, fileName: string) =>
    importSbg.mutate({ name: nameOf(fileName), ...input }, { onError: (err) => notifyError(err, fileName) });

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      // Small schedules travel as text; larger ones are streamed up and imported by reference.
      if (fitsAsText(file)) importAs({ text: await file.text() }, file.name);
      else importAs({ file: (await files.upload(file, 'sbg')).fileId }, file.name);
    } catch (err) {
      notifyError(err, file.name);
    }
  };

  const chooseFile = async () => {
    if (!files.desktop) return fileRef.current?.click();
    try {
      const picked = await files.pick('sbg');
      if (picked) importAs({ file: picked.fileId }, picked.name);
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <div className="sessions-page">
      <aside className="sessions-page__list" aria-label="Session library">
        <header className="page-header">
          <h1>Sessions</h1>
        </header>
        <div className="button-row button-row--stretch">
          <button type="button" className="button button--primary" onClick={() => setNewOpen(true)} data-testid="new-session">
            <Plus size={16} aria-hidden="true" /> New session
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void chooseFile()}
            disabled={importSbg.isPending}
            data-testid="import-sbg"
          >
            <FileUp size={16} aria-hidden="true" /> {importSbg.isPending ? 'Importing…' : 'Import .sbg'}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept={acceptFor('sbg')}
            hidden
            data-testid="import-sbg-input"
            onChange={(e) => {
              void onFile(e.target.files?.[0]);
              e.target.value = ''; // picking the same file again should import again
            }}
          />
        </div>
        <SessionList
          selectedId={selection?.kind === 'existing' ? selection.id : null}
          onSelect={(id) => onSelect({ kind: 'existing', id })}
        />
      </aside>

      <section className="sessions-page__editor" aria-label="Session editor">
        {selection === null ? (
          <div className="empty">
            <Sprout size={40} aria-hidden="true" className="empty__icon" />
            <h2>Choose a session, or begin a new one</h2>
            <p className="muted">Sessions are tone-sets on a timeline: binaural beats, bowls, noise — shaped over minutes.</p>
            <button type="button" className="button button--primary" onClick={() => setNewOpen(true)}>
              <Plus size={16} aria-hidden="true" /> New session
            </button>
          </div>
        ) : selection.kind === 'new' ? (
          <SessionEditor
            key={`new-${selection.key}`}
            sessionId={null}
            initial={selection.draft}
            onSaved={(s) => onSelect({ kind: 'existing', id: s.id })}
            onDeleted={() => onSelect(null)}
            onDraftChange={(draft) => onSelect({ ...selection, draft })}
          />
        ) : (
          <ExistingSession id={selection.id} onDeleted={() => onSelect(null)} />
        )}
      </section>

      <NewSessionDialog
        open={newOpen}
        onOpenChange={setNewOpen}
        onPick={(draft) => onSelect({ kind: 'new', draft, key: Date.now() })}
      />
    </div>
  );
}

function ExistingSession({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const session = useKoruQuery('sessions.get', { id }, { staleTime: Infinity });
  if (session.isPending) return <p className="muted empty">Loading…</p>;
  if (!session.data) return <p className="muted empty">This session could not be loaded.</p>;
  return <SessionEditor key={id} sessionId={id} initial={toForm(session.data)} onSaved={() => undefined} onDeleted={onDeleted} />;
}
