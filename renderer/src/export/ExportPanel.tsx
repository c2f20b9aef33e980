import { Download, FolderOpen } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { ChannelOutput } from '../../../contract';
import { notifyError } from '../app/errors';
import { useFiles } from '../app/files';
import { useKoruEvent, useKoruMutation } from '../app/koru';
import { formatBytes, formatClock } from '../format';

/** Channels that render something stored to a WAV or MP3 file, with the same input and result. */
type ExportChannel = 'sessions.export' | 'rituals.export';
type ExportResult = ChannelOutput<ExportChannel>;

interface Props {
  channel: ExportChannel;
  id: string;
  /** A line under the buttons: what will be exported, or why it cannot be yet. */
  note: string;
  disabled?: boolean;
  /** Prefix of the test ids (`export`, `ritual-export`), so pages stay distinguishable. */
  testId?: string;
}

/** Render a session or ritual to a file, with the progress main pushes and the saved path. */
export function ExportPanel({ channel, id, note, disabled = false, testId = 'export' }: Props) {
  const [fraction, setFraction] = useState<number | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  // Both channels take { id, format } and answer { path, bytes, durationSec }.
  const exporter = useKoruMutation(channel as 'sessions.export', {
    onMutate: () => {
      setFraction(0);
      setResult(null);
    },
    onSuccess: (r) => {
      setResult(r);
      toast.success('Export finished', { description: r.path });
    },
    onSettled: () => setFraction(null),
  });

  // Only one export panel is mounted at a time, so any progress that arrives while our export
  // runs is ours — whether main names it by the item or by a job id.
  useKoruEvent('export.progress', (p) => {
    if (exporter.isPending) setFraction(p.fraction);
  });

  const pct = fraction === null ? 0 : Math.round(fraction * 100);
  const headingId = `${testId}-heading`;
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
              disabled={disabled || exporter.isPending}
              onClick={() => exporter.mutate({ id, format })}
              data-testid={`${testId}-${format}`}
            >
              <Download size={16} aria-hidden="true" /> {format.toUpperCase()}
            </button>
          ))}
        </div>
      </header>
      <p className="muted">{note}</p>
      {fraction !== null ? (
        <div className="export__progress">
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
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {result ? (
          <p className="export__result" data-testid={`${testId}-result`}>
            Saved <code className="path">{result.path}</code>
            <span className="muted">
              {' '}
              · {formatBytes(result.bytes)} · {formatClock(result.durationSec)}
            </span>{' '}
            <SavedFileAction fileId={result.fileId} testId={testId} />
          </p>
        ) : null}
      </div>
    </section>
  );
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
