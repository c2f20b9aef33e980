import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { DUB_TEXT_MAX, type Dub, type DubSegment } from '../../../contract';
import { koruKey, useKoruMutation } from '../app/koru';
import { formatClockTenths } from '../format';

/** The two text columns, editable line by line: a changed target is voiced again (that line
 *  only); a changed source is translated again first. Saved when the box loses focus or on
 *  Ctrl+Enter; Escape puts the text back. */
export function DubLines({ dub, current, onCurrent }: { dub: Dub; current: number; onCurrent: (index: number) => void }) {
  const editable = dub.status !== 'working';
  const from = dub.sourceLanguage ?? dub.request.from ?? 'source';
  return (
    <section className="panel" aria-labelledby="dub-lines-heading">
      <header className="panel__header">
        <h3 id="dub-lines-heading">Lines</h3>
        <span className="muted">
          {dub.segments.length} lines{editable ? ' · edit a line to voice it again' : ''}
        </span>
      </header>
      {dub.segments.length === 0 ? (
        <p className="muted">{dub.status === 'working' ? 'The lines appear here once the recording is transcribed.' : 'No lines.'}</p>
      ) : (
        <div className="dub-lines__scroll">
          <table className="dub-lines">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time</th>
                <th scope="col">Original ({from})</th>
                <th scope="col">{dub.voiceReplacement ? 'Re-voiced text' : `Dub (${dub.request.to})`}</th>
                <th scope="col">Fit</th>
              </tr>
            </thead>
            <tbody>
              {dub.segments.map((s, i) => (
                <Line key={s.id} dubId={dub.id} s={s} index={i} editable={editable} chosen={i === current} onFocus={() => onCurrent(i)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Line({ dubId, s, index, editable, chosen, onFocus }: { dubId: string; s: DubSegment; index: number; editable: boolean; chosen: boolean; onFocus: () => void }) {
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (chosen && !row.current?.contains(document.activeElement)) row.current?.scrollIntoView?.({ block: 'nearest' });
  }, [chosen]);
  return (
    <tr ref={row} className={`dub-line${chosen ? ' dub-line--chosen' : ''}${s.overLimit ? ' dub-line--over' : ''}`} data-testid={`dub-line-${s.id}`} onFocus={onFocus}>
      <td className="tabular muted">{index + 1}</td>
      <td className="tabular muted dub-line__time">
        {formatClockTenths(s.sourceStart)}
        <br />
        {formatClockTenths(s.sourceEnd)}
      </td>
      <td>
        <LineText dubId={dubId} segmentId={s.id} field="sourceText" value={s.sourceText} label={`Original text of line ${index + 1}`} disabled={!editable} testId={`dub-source-${s.id}`} />
      </td>
      <td>
        <LineText dubId={dubId} segmentId={s.id} field="targetText" value={s.targetText ?? ''} label={`Dubbed text of line ${index + 1}`} disabled={!editable || s.targetText === null} placeholder={s.targetText === null ? 'Not translated yet' : undefined} testId={`dub-target-${s.id}`} />
      </td>
      <td className="tabular dub-line__fit" data-testid={`dub-fit-${s.id}`}>
        {s.stretch === null ? (
          <span className="muted">{s.voiced ? 'voiced' : '—'}</span>
        ) : (
          <>
            {s.stretch.toFixed(2)}×
            {s.overLimit ? (
              <span className="badge badge--warn" title="Read faster than the stretch limit so it ends before the next line: shorten its text">
                <AlertTriangle size={12} aria-hidden="true" /> over the limit
              </span>
            ) : null}
          </>
        )}
      </td>
    </tr>
  );
}

function LineText({ dubId, segmentId, field, value, label, disabled, placeholder, testId }: { dubId: string; segmentId: string; field: 'sourceText' | 'targetText'; value: string; label: string; disabled: boolean; placeholder?: string | undefined; testId: string }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // Follow what main says (a translation arriving, an edit saved) unless this box is being edited.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setText(value);
  }, [value]);
  const update = useKoruMutation('dubbing.segment.update', {
    meta: { silent: true }, // shown under the box, not as a toast
    onSuccess: (dub) => {
      setError(null);
      queryClient.setQueryData(koruKey('dubbing.get', { id: dubId }), dub);
    },
    onError: (err) => setError(err.message),
  });
  const save = () => {
    editing.current = false;
    const t = text.trim();
    if (t === value.trim()) return;
    if (!t) {
      setError('A line cannot be empty; Escape puts its text back.');
      return;
    }
    update.mutate({ id: dubId, segmentId, [field]: t });
  };
  return (
    <div className="dub-line__text">
      <textarea
        className="input"
        aria-label={label}
        value={text}
        maxLength={DUB_TEXT_MAX}
        rows={2}
        disabled={disabled || update.isPending}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          editing.current = true;
          setText(e.target.value);
        }}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            editing.current = false;
            setText(value);
            setError(null);
          }
        }}
        data-testid={testId}
      />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
