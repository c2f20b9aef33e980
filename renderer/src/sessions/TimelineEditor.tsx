import { Plus, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { TimelineEntry, Transition } from '../../../contract';
import { formatClock, parseClock } from '../format';
import type { DraftForm } from './draft';
import { NumberField } from '../ui/fields';
import { ProgramGraph } from './ProgramGraph';

const TRANSITIONS: { value: Transition; label: string }[] = [
  { value: 'fade', label: 'Fade' },
  { value: 'silence', label: 'Through silence' },
  { value: 'hold', label: 'Hold level' },
];

interface Props {
  form: DraftForm;
  errors: Map<string, string>;
  onChange: (program: DraftForm['program']) => void;
}

/** When each tone-set starts and how it is entered and left. */
export function TimelineEditor({ form, errors, onChange }: Props) {
  const { program } = form;
  const rows = program.timeline;
  const setRow = (i: number, patch: Partial<TimelineEntry>) =>
    onChange({ ...program, timeline: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  // Rows are kept in time order once a time is finished being edited (the schema requires it).
  const sortRows = () => {
    if (rows.some((r) => !Number.isFinite(r.at))) return;
    const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
    if (sorted.some((x, i) => x.i !== i)) onChange({ ...program, timeline: sorted.map((x) => x.r) });
  };

  const addRow = () => {
    const last = rows[rows.length - 1];
    const at = last && Number.isFinite(last.at) ? Math.min(last.at + 60, Math.max(form.durationSec - 1, 0)) : 0;
    const set = program.sets[0]?.name ?? '';
    onChange({ ...program, timeline: [...rows, { at, set, fadeIn: 'fade', fadeOut: 'fade', slide: false }] });
  };

  const setNames = program.sets.map((s) => s.name);
  const rowError = (i: number, field: string) => errors.get(`program.timeline.${i}.${field}`);

  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <header className="panel__header">
        <h3 id="timeline-heading">Timeline</h3>
        <button type="button" className="button button--ghost" onClick={addRow} data-testid="add-row">
          <Plus size={16} aria-hidden="true" /> Add row
        </button>
      </header>
      {errors.get('program.timeline') ? <p className="field__error">{errors.get('program.timeline')}</p> : null}
      <table className="timeline">
        <thead>
          <tr>
            <th scope="col">Start (m:ss)</th>
            <th scope="col">Tone-set</th>
            <th scope="col">Fade in</th>
            <th scope="col">Fade out</th>
            <th scope="col">Slide</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const errs = ['at', 'set', 'fadeIn', 'fadeOut'].map((f) => rowError(i, f)).filter(Boolean);
            // Past the end it still shapes the fade before it, but is never heard itself.
            const pastEnd = Number.isFinite(row.at) && Number.isFinite(form.durationSec) && row.at >= form.durationSec;
            const rowClass = [errs.length ? 'timeline__row--invalid' : '', pastEnd ? 'timeline__row--past-end' : ''].filter(Boolean).join(' ');
            return (
              <tr key={i} data-testid="timeline-row" data-past-end={pastEnd || undefined} className={rowClass || undefined}>
                <td>
                  <ClockInput
                    label={`Row ${i + 1} start`}
                    value={row.at}
                    invalid={Boolean(rowError(i, 'at'))}
                    errorId={errs.length ? `timeline-${i}-error` : undefined}
                    onChange={(at) => setRow(i, { at })}
                    onBlur={sortRows}
                    testId={`row-${i}-at`}
                  />
                  {pastEnd ? (
                    <span className="timeline__past-end" data-testid={`row-${i}-past-end`}>
                      after the end ({formatClock(form.durationSec)})
                    </span>
                  ) : null}
                </td>
                <td>
                  <select
                    className="input select"
                    aria-label={`Row ${i + 1} tone-set`}
                    aria-invalid={rowError(i, 'set') ? true : undefined}
                    value={row.set}
                    onChange={(e) => setRow(i, { set: e.target.value })}
                    data-testid={`row-${i}-set`}
                  >
                    {setNames.includes(row.set) ? null : <option value={row.set}>{row.set || '—'}</option>}
                    {setNames.map((n, k) => (
                      <option key={`${k}-${n}`} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </td>
                {(['fadeIn', 'fadeOut'] as const).map((f) => (
                  <td key={f}>
                    <select
                      className="input select"
                      aria-label={`Row ${i + 1} ${f === 'fadeIn' ? 'fade in' : 'fade out'}`}
                      value={row[f]}
                      onChange={(e) => setRow(i, { [f]: e.target.value as Transition })}
                    >
                      {TRANSITIONS.map((t) => (
                        <option key={t.value} value={t.value}>
                          {t.label}
                        </option>
                      ))}
                    </select>
                  </td>
                ))}
                <td className="timeline__slide">
                  <input
                    type="checkbox"
                    className="checkbox"
                    aria-label={`Row ${i + 1} slide to the next tone-set`}
                    checked={row.slide}
                    onChange={(e) => setRow(i, { slide: e.target.checked })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove row ${i + 1}`}
                    onClick={() => onChange({ ...program, timeline: rows.filter((_, j) => j !== i) })}
                    disabled={rows.length <= 1}
                  >
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                  {errs.length ? (
                    <span className="visually-hidden" id={`timeline-${i}-error`}>
                      {errs.join('; ')}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.map((_, i) =>
        ['at', 'set'].map((f) => {
          const e = rowError(i, f);
          return e ? (
            <p className="field__error" key={`${i}-${f}`}>
              Row {i + 1}: {e}
            </p>
          ) : null;
        }),
      )}
      {rows.some((r) => Number.isFinite(r.at) && r.at >= form.durationSec) ? (
        <p className="timeline__past-end-note muted" role="note">
          Rows marked “after the end” start after the session ends at {formatClock(form.durationSec)}: they are not heard.
        </p>
      ) : null}
      <ProgramGraph form={form} />
      <div className="timeline__transition">
        <NumberField
          label="Transition length"
          unit="s"
          value={program.transitionSec}
          error={errors.get('program.transitionSec')}
          onChange={(transitionSec) => onChange({ ...program, transitionSec })}
          testId="transition-sec"
        />
      </div>
    </section>
  );
}

interface ClockInputProps {
  label: string;
  value: number;
  invalid: boolean;
  errorId: string | undefined;
  onChange: (sec: number) => void;
  onBlur: () => void;
  testId: string;
}

/** m:ss text that keeps what is typed; an unreadable time reaches the schema as NaN. */
function ClockInput({ label, value, invalid, errorId, onChange, onBlur, testId }: ClockInputProps) {
  const [text, setText] = useState(() => formatClock(value));
  useEffect(() => {
    setText((t) => {
      const parsed = parseClock(t);
      return parsed === value || (parsed === null && Number.isNaN(value)) ? t : formatClock(value);
    });
  }, [value]);
  return (
    <input
      className="input input--clock"
      type="text"
      inputMode="numeric"
      autoComplete="off"
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={errorId}
      value={text}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseClock(e.target.value) ?? NaN);
      }}
      onBlur={() => {
        const parsed = parseClock(text);
        if (parsed !== null) setText(formatClock(parsed));
        onBlur();
      }}
    />
  );
}
