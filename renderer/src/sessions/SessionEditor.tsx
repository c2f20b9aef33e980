import { useQueryClient } from '@tanstack/react-query';
import { AlertCircle, Play, RotateCcw, Save, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { notify } from '../app/toasts';
import type { PlaybackStatus, Session } from '../../../contract';
import { koruKey, useKoruMutation } from '../app/koru';
import { ConfirmDialog } from '../ui/Dialog';
import { NumberField, TextField } from '../ui/fields';
import { Slider } from '../ui/Slider';
import { dropEdits, keepEdits, restoreEdits, validateDraft, type DraftForm } from './draft';
import { ExportPanel } from '../export/ExportPanel';
import { SbgExportButton } from './SbgExportButton';
import { ScheduleButton } from '../sky/ScheduleButton';
import { TimelineEditor } from './TimelineEditor';
import { ToneSetsEditor } from './ToneSetsEditor';

interface SessionEditorProps {
  /** null while the draft has never been saved. */
  sessionId: string | null;
  initial: DraftForm;
  onSaved: (session: Session) => void;
  onDeleted: () => void;
  /** Told of every edit of a never-saved draft, so the page can hand it back after a page visit. */
  onDraftChange?: (draft: DraftForm) => void;
}

const MAX_DURATION_MIN = 24 * 60;

/** Edit a session; the contract's own schema validates as you type, so what Save sends is what
 *  main will accept. */
export function SessionEditor({ sessionId, initial, onSaved, onDeleted, onDraftChange }: SessionEditorProps) {
  const queryClient = useQueryClient();
  // Edits left unsaved last time (another page, a reload, a crash) come back where they were.
  const [restored] = useState(() => (sessionId ? restoreEdits(sessionId, initial) : null));
  const [form, setForm] = useState<DraftForm>(restored ?? initial);
  const [baseline, setBaseline] = useState(() => JSON.stringify(initial));
  const [tagsText, setTagsText] = useState((restored ?? initial).tags.join(', '));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  const validation = useMemo(() => validateDraft(form), [form]);
  const dirty = sessionId === null || JSON.stringify(form) !== baseline;
  // The latest callback, without making every render of the parent an edit.
  const draftChanged = useRef(onDraftChange);
  draftChanged.current = onDraftChange;
  useEffect(() => {
    if (sessionId === null) draftChanged.current?.(form);
    else if (dirty) keepEdits(sessionId, baseline, form);
    else dropEdits(sessionId);
  }, [sessionId, dirty, baseline, form]);
  const revert = () => {
    const saved = JSON.parse(baseline) as DraftForm;
    setForm(saved);
    setTagsText(saved.tags.join(', '));
  };
  const err = (key: string) => validation.errors.get(key);
  const savedName = useMemo(() => (JSON.parse(baseline) as DraftForm).name, [baseline]);

  const afterSave = (s: Session) => {
    setBaseline(JSON.stringify(form));
    queryClient.setQueryData(koruKey('sessions.get', { id: s.id }), s);
    void queryClient.invalidateQueries({ queryKey: ['sessions.list'] });
  };
  const create = useKoruMutation('sessions.create');
  const update = useKoruMutation('sessions.update');
  const start = useKoruMutation('playback.start', {
    onSuccess: (status) => queryClient.setQueryData(koruKey('playback.status', {}), status),
  });
  const remove = useKoruMutation('sessions.delete', {
    onSuccess: () => {
      if (sessionId) dropEdits(sessionId);
      setConfirmDelete(false);
      notify('success', `Deleted “${form.name}”`);
      void queryClient.invalidateQueries({ queryKey: ['sessions.list'] });
      onDeleted();
    },
  });
  const saving = create.isPending || update.isPending;

  /** Resolves with the stored session, or null if the draft is invalid or the call failed
   *  (the failure has been toasted by the query client already). */
  const save = async (): Promise<Session | null> => {
    if (!validation.draft) {
      notify('error', `Fix ${validation.list.length === 1 ? 'the highlighted field' : `${validation.list.length} problems`} before saving`);
      rootRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return null;
    }
    try {
      const s = sessionId
        ? await update.mutateAsync({ id: sessionId, draft: validation.draft })
        : await create.mutateAsync(validation.draft);
      afterSave(s);
      // Main applies a saved edit to what is playing (main/playback/player.ts update); say so.
      const playing = queryClient.getQueryData<PlaybackStatus>(koruKey('playback.status', {}));
      const live = playing && playing.state !== 'idle' && playing.sessionId === s.id;
      notify('success', `Saved “${s.name}”`, {
        id: `saved:${s.id}`,
        description: live ? (playing.state === 'paused' ? 'The paused session will resume with this change.' : 'Applied to what is playing now, from where it is.') : undefined,
      });
      onSaved(s);
      return s;
    } catch {
      return null;
    }
  };

  const play = async () => {
    let id = sessionId;
    if (dirty) id = (await save())?.id ?? null;
    if (id) start.mutate({ id });
  };

  const durationMin = form.durationSec / 60;
  const durationError = err('durationSec')
    ? Number.isNaN(form.durationSec)
      ? 'enter a number'
      : form.durationSec > MAX_DURATION_MIN * 60
        ? `at most ${MAX_DURATION_MIN} minutes (24 h)`
        : 'must be longer than a second'
    : undefined;

  return (
    <div className="editor" ref={rootRef} data-testid="session-editor">
      <header className="editor__header">
        <div className="editor__title">
          <h2>{form.name.trim() || 'Untitled session'}</h2>
          <span className={`badge${dirty ? ' badge--warn' : ''}`} data-testid="save-state">
            {sessionId === null ? 'Not saved yet' : dirty ? 'Unsaved changes' : 'Saved'}
          </span>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => void play()}
            disabled={start.isPending || (sessionId === null && !validation.draft)}
            data-testid="session-play"
          >
            <Play size={16} aria-hidden="true" /> Play
          </button>
          {sessionId && dirty ? (
            <button type="button" className="button button--ghost" onClick={revert} disabled={saving} data-testid="revert-session">
              <RotateCcw size={16} aria-hidden="true" /> Revert
            </button>
          ) : null}
          <button type="button" className="button button--primary" onClick={() => void save()} disabled={saving} data-testid="save-session">
            <Save size={16} aria-hidden="true" /> {saving ? 'Saving…' : 'Save'}
          </button>
          {sessionId ? <ScheduleButton target={{ kind: 'session', id: sessionId }} title={form.name.trim() || 'Untitled session'} /> : null}
          {sessionId ? (
            <button
              type="button"
              className="icon-button icon-button--danger"
              aria-label="Delete session"
              onClick={() => setConfirmDelete(true)}
              data-testid="delete-session"
            >
              <Trash2 size={18} aria-hidden="true" />
            </button>
          ) : null}
        </div>
      </header>

      {validation.list.length ? (
        <div className="problems" role="status" data-testid="problems">
          <AlertCircle size={16} aria-hidden="true" />
          <div>
            <strong>
              {validation.list.length === 1 ? '1 problem' : `${validation.list.length} problems`} to fix before saving
            </strong>
            <ul>
              {validation.list.slice(0, 6).map((p, i) => (
                <li key={i}>
                  {p.where}: {p.key === 'durationSec' ? durationError : p.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <section className="panel" aria-label="Session details">
        <div className="grid grid--2">
          <TextField
            label="Name"
            value={form.name}
            onChange={(name) => setForm({ ...form, name })}
            error={err('name')}
            testId="session-name"
          />
          <TextField
            label="Tags"
            value={tagsText}
            hint="Separate with commas"
            onChange={(t) => {
              setTagsText(t);
              setForm({ ...form, tags: t.split(',').map((x) => x.trim()).filter(Boolean) });
            }}
            error={[...validation.errors].find(([k]) => k.startsWith('tags'))?.[1]}
            testId="session-tags"
          />
        </div>
        <TextField
          label="Intention"
          multiline
          value={form.intention}
          placeholder="What is this session for?"
          onChange={(intention) => setForm({ ...form, intention })}
          error={err('intention')}
          testId="session-intention"
        />
        <div className="grid grid--2">
          <NumberField
            label="Duration"
            unit="min"
            value={durationMin}
            onChange={(m) => setForm({ ...form, durationSec: Number.isFinite(m) ? Math.round(m * 60) : NaN })}
            error={durationError}
            testId="session-duration"
          />
          <div className="field">
            <span className="field__label" id="session-volume-label">
              Session volume <span className="muted tabular">{Math.round(form.volume * 100)}%</span>
            </span>
            <Slider
              label="Session volume"
              value={form.volume}
              valueText={`${Math.round(form.volume * 100)}%`}
              onChange={(volume) => setForm({ ...form, volume })}
              testId="session-volume"
              className="slider--field"
            />
          </div>
        </div>
      </section>

      <ToneSetsEditor form={form} errors={validation.errors} onChange={(program) => setForm({ ...form, program })} />
      <TimelineEditor form={form} errors={validation.errors} onChange={(program) => setForm({ ...form, program })} />
      {sessionId ? (
        <ExportPanel
          channel="sessions.export"
          id={sessionId}
          name={savedName}
          note={dirty ? 'Exports the last saved version — save first to include your changes.' : 'Renders the whole session to a file, faster than real time.'}
        />
      ) : null}
      {sessionId ? <SbgExportButton id={sessionId} dirty={dirty} /> : null}

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this session?"
        description={`“${form.name}” will be removed for good. Exported files stay where they are.`}
        confirmLabel={remove.isPending ? 'Deleting…' : 'Delete'}
        busy={remove.isPending}
        onConfirm={() => sessionId && remove.mutate({ id: sessionId })}
      />
    </div>
  );
}
