import { Download, FolderOpen, X } from 'lucide-react';
import { useRef, useState } from 'react';
import type { DubExport as Exported, ExportFormat } from '../../../contract';
import { notifyError } from '../app/errors';
import { useFiles } from '../app/files';
import { useKoruEvent, useKoruMutation } from '../app/koru';
import { notify } from '../app/toasts';
import { newExportId, wasCancelled } from '../export/ExportPanel';
import { formatBytes, formatClock } from '../format';

/** The dubbed audio through the export pipeline (progress, Cancel) and the text files beside it:
 *  SRT and VTT in both languages, the bilingual transcript and segments.json — each downloaded
 *  in the browser or shown in its folder in the app. */
export function DubExport({ id, ready }: { id: string; ready: boolean }) {
  const files = useFiles();
  const [fraction, setFraction] = useState<number | null>(null);
  const [done, setDone] = useState<{ result: Exported; forId: string } | { cancelled: ExportFormat; forId: string } | null>(null);
  const current = useRef<string | null>(null);
  const run = useKoruMutation('dubbing.export', {
    meta: { silent: true }, // a cancel is not a failure: said here, not as an error toast
    onMutate: (input) => {
      current.current = input.exportId ?? null;
      setFraction(0);
      setDone(null);
    },
    onSuccess: (result) => {
      setDone({ result, forId: id });
      notify('success', 'Dub exported', { description: result.audio.path });
    },
    onError: (err, input) => {
      if (wasCancelled(err)) setDone({ cancelled: input.format, forId: id });
      else notifyError(err, 'The export failed');
    },
    onSettled: () => {
      current.current = null;
      setFraction(null);
    },
  });
  const cancel = useKoruMutation('exports.cancel');
  useKoruEvent('export.progress', (p) => {
    if (p.id === current.current && p.state === 'running') setFraction(p.fraction);
  });
  const pct = fraction === null ? 0 : Math.round(fraction * 100);
  const shown = done?.forId === id ? done : null;
  const open = (fileId: string) => void (files.desktop ? files.reveal(fileId) : files.download(fileId)).catch((e: unknown) => notifyError(e));

  return (
    <section className="panel" aria-labelledby="dub-export-heading">
      <header className="panel__header">
        <h3 id="dub-export-heading">Export</h3>
        <div className="button-row">
          {(['wav', 'mp3'] as const).map((format) => (
            <button key={format} type="button" className="button" disabled={!ready || run.isPending} onClick={() => run.mutate({ id, format, exportId: newExportId() })} data-testid={`dub-export-${format}`}>
              <Download size={16} aria-hidden="true" /> {format.toUpperCase()}
            </button>
          ))}
        </div>
      </header>
      <p className="muted">{ready ? 'The dub at the recording’s exact length, with subtitles in both languages, the bilingual transcript and segments.json beside it.' : 'Export is available once every line is voiced and fitted.'}</p>
      {fraction !== null ? (
        <div className="export__progress export__progress--cancellable">
          <div className="progress" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="dub-export-progress">
            <div className="progress__fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="tabular">{pct}%</span>
          <button type="button" className="button button--ghost" disabled={cancel.isPending} onClick={() => current.current && cancel.mutate({ id: current.current })} data-testid="dub-export-cancel">
            <X size={16} aria-hidden="true" /> Cancel
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {shown && 'result' in shown ? (
          <ul className="dub-files" data-testid="dub-exported">
            {[{ fileId: shown.result.audio.fileId, name: shown.result.audio.path.split(/[\\/]/).pop()!, bytes: shown.result.audio.bytes, note: formatClock(shown.result.audio.durationSec) }, ...shown.result.files.map((f) => ({ ...f, note: '' }))].map((f) => (
              <li key={f.fileId} className="dub-files__item">
                <code className="path">{f.name}</code>
                <span className="muted tabular">
                  {formatBytes(f.bytes)}
                  {f.note ? ` · ${f.note}` : ''}
                </span>
                <button type="button" className="button button--ghost" onClick={() => open(f.fileId)} data-testid="dub-file-open" aria-label={`${files.desktop ? 'Show in folder' : 'Download'} ${f.name}`}>
                  {files.desktop ? <FolderOpen size={14} aria-hidden="true" /> : <Download size={14} aria-hidden="true" />} {files.desktop ? 'Show in folder' : 'Download'}
                </button>
              </li>
            ))}
          </ul>
        ) : shown ? (
          <p data-testid="dub-export-cancelled">{shown.cancelled.toUpperCase()} export cancelled. No file was saved.</p>
        ) : null}
      </div>
    </section>
  );
}
