import { Download } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import type { ChannelOutput } from '../../../contract';
import { useKoruEvent, useKoruMutation } from '../app/koru';
import { formatBytes, formatClock } from '../format';

type ExportResult = ChannelOutput<'sessions.export'>;

/** Render the saved session to a WAV or MP3 file, with progress pushed by main. */
export function ExportPanel({ sessionId, dirty }: { sessionId: string; dirty: boolean }) {
  const [fraction, setFraction] = useState<number | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const exporter = useKoruMutation('sessions.export', {
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

  // Only one editor (so one export button row) is mounted at a time, so any progress that
  // arrives while our export runs is ours — whether main names it by session or by job id.
  useKoruEvent('export.progress', (p) => {
    if (exporter.isPending) setFraction(p.fraction);
  });

  const pct = fraction === null ? 0 : Math.round(fraction * 100);
  return (
    <section className="panel" aria-labelledby="export-heading">
      <header className="panel__header">
        <h3 id="export-heading">Export</h3>
        <div className="button-row">
          {(['wav', 'mp3'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              disabled={exporter.isPending}
              onClick={() => exporter.mutate({ id: sessionId, format })}
              data-testid={`export-${format}`}
            >
              <Download size={16} aria-hidden="true" /> {format.toUpperCase()}
            </button>
          ))}
        </div>
      </header>
      <p className="muted">
        {dirty
          ? 'Exports the last saved version — save first to include your changes.'
          : 'Renders the whole session to a file, faster than real time.'}
      </p>
      {fraction !== null ? (
        <div className="export__progress">
          <div
            className="progress"
            role="progressbar"
            aria-label="Export progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-testid="export-progress"
          >
            <div className="progress__fill" style={{ width: `${pct}%` }} />
          </div>
          <span className="tabular">{pct}%</span>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {result ? (
          <p className="export__result" data-testid="export-result">
            Saved <code className="path">{result.path}</code>
            <span className="muted">
              {' '}
              · {formatBytes(result.bytes)} · {formatClock(result.durationSec)}
            </span>
          </p>
        ) : null}
      </div>
    </section>
  );
}
