import { Download, FolderOpen, X } from 'lucide-react';
import { useRef, useState } from 'react';
import { notify } from '../app/toasts';
import type { ExportFormat, ExportResult } from '../../../contract';
import { notifyError } from '../app/errors';
import { useFiles } from '../app/files';
import { useKoruEvent, useKoruMutation } from '../app/koru';
import { formatBytes, formatClock } from '../format';
import './export.css';

/** Channels that render something stored to a WAV or MP3 file; all take ExportRequest and
 *  answer ExportResult (contract/exports.ts). */
type ExportChannel = 'sessions.export' | 'rituals.export' | 'practice.export' | 'stories.export';

interface Props {
  channel: ExportChannel;
  id: string;
  /** The stored name of what is exported (files are named after it): a result line from before a
   *  rename no longer shows, since its file name is the old one. */
  name: string;
  /** A line under the buttons: what will be exported, or why it cannot be yet. */
  note: string;
  disabled?: boolean;
  /** Prefix of the test ids (`export`, `ritual-export`), so pages stay distinguishable. */
  testId?: string;
}

/** An id for one export, chosen here so Cancel works before main has said anything. */
export function newExportId(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function wasCancelled(err: unknown): boolean {
  const details = err && typeof err === 'object' ? (err as { details?: unknown }).details : undefined;
  return !!details && typeof details === 'object' && (details as { cancelled?: unknown }).cancelled === true;
}

/** What came of the last export, and of what (`subject`: id and name it was exported under). */
type Outcome = ({ kind: 'saved'; result: ExportResult } | { kind: 'cancelled'; format: ExportFormat }) & { subject: string };

/** Render a session or ritual to a file: progress from main, Cancel, and what came of it. */
export function ExportPanel({ channel, id, name, note, disabled = false, testId = 'export' }: Props) {
  const [fraction, setFraction] = useState<number | null>(null);
  const subject = `${id}\n${name}`;
  const [last, setOutcome] = useState<Outcome | null>(null);
  // Renamed (or another session in the same panel) since: that line would name a stale file.
  const outcome = last?.subject === subject ? last : null;
  const exportedAs = useRef(subject);
  const current = useRef<string | null>(null);
  const exporter = useKoruMutation(channel as 'sessions.export', {
    meta: { silent: true }, // a cancel is not a failure: shown here, not as an error toast
    onMutate: (input) => {
      exportedAs.current = subject;
      current.current = input.exportId ?? null;
      setFraction(0);
      setOutcome(null);
    },
    onSuccess: (result) => {
      setOutcome({ kind: 'saved', result, subject: exportedAs.current });
      notify('success', 'Export finished', { description: result.path });
    },
    onError: (err, input) => {
      if (wasCancelled(err)) setOutcome({ kind: 'cancelled', format: input.format, subject: exportedAs.current });
      else notifyError(err, 'Export failed');
    },
    onSettled: () => {
      current.current = null;
      setFraction(null);
    },
  });
  const canceller = useKoruMutation('exports.cancel');
  const files = useFiles();

  useKoruEvent('export.progress', (p) => {
    if (p.id === current.current && p.state === 'running') setFraction(p.fraction);
  });

  const pct = fraction === null ? 0 : Math.round(fraction * 100);
  const headingId = `${testId}-heading`;
  const running = exporter.isPending;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel__header">
        <h3 id={headingId}>Export</h3>
        <div className="button-row">
          {(['wav', 'mp3'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              disabled={disabled || running}
              onClick={() => exporter.mutate({ id, format, exportId: newExportId() })}
              data-testid={`${testId}-${format}`}
            >
              <Download size={16} aria-hidden="true" /> {format.toUpperCase()}
            </button>
          ))}
        </div>
      </header>
      <p className="muted">{note}</p>
      {fraction !== null ? (
        <div className="export__progress export__progress--cancellable">
          <div
            className="progress"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-testid={`${testId}-progress`}
          >
            <div className="progress__fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="tabular">{pct}%</span>
          <button
            type="button"
            className="button button--ghost"
            disabled={canceller.isPending || current.current === null}
            onClick={() => current.current && canceller.mutate({ id: current.current })}
            data-testid={`${testId}-cancel`}
          >
            <X size={16} aria-hidden="true" /> Cancel
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {outcome?.kind === 'saved' ? (
          <p className="export__result" data-testid={`${testId}-result`}>
            Saved <code className="path">{outcome.result.path}</code>
            <span className="muted">
              {' '}
              · {formatBytes(outcome.result.bytes)} · {formatClock(outcome.result.durationSec)}
            </span>{' '}
            <SavedFileAction fileId={outcome.result.fileId} testId={testId} />
          </p>
        ) : null}
        {outcome?.kind === 'saved' && companions(outcome.result).length > 0 ? (
          <ul className="export__files" data-testid={`${testId}-files`}>
            {companions(outcome.result).map((f) => (
              <li key={f.fileId}>
                {f.title} <span className="muted">· {formatBytes(f.bytes)}</span> {files.desktop ? null : <SavedFileAction fileId={f.fileId} testId={`${testId}-file`} />}
              </li>
            ))}
          </ul>
        ) : outcome?.kind === 'cancelled' ? (
          <p className="export__result" data-testid={`${testId}-cancelled`}>
            {outcome.format.toUpperCase()} export cancelled. No file was saved; an earlier export of this stays as it was.
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** Files written beside the audio (a story's chapters, transcript, cover, chapter files). */
function companions(result: ExportResult): Array<{ title: string; fileId: string; bytes: number }> {
  const files = (result as { files?: unknown }).files;
  return Array.isArray(files) ? (files as Array<{ title: string; fileId: string; bytes: number }>) : [];
}

/** The exported file itself: downloaded by the browser in web mode, shown in its folder in the app. */
function SavedFileAction({ fileId, testId }: { fileId: string; testId: string }) {
  const files = useFiles();
  const run = (action: () => Promise<unknown>) => () => void action().catch((err: unknown) => notifyError(err));
  return files.desktop ? (
    <button type="button" className="button button--ghost" onClick={run(() => files.reveal(fileId))} data-testid={`${testId}-reveal`}>
      <FolderOpen size={14} aria-hidden="true" /> Show in folder
    </button>
  ) : (
    <button type="button" className="button button--ghost" onClick={run(() => files.download(fileId))} data-testid={`${testId}-download`}>
      <Download size={14} aria-hidden="true" /> Download
    </button>
  );
}
