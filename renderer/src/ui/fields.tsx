import { useEffect, useId, useState, type ReactNode } from 'react';

interface FieldShellProps {
  label: string;
  id: string;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}

/** Label above, control, then the validation message (linked by aria-describedby). */
export function FieldShell({ label, id, error, hint, className, children }: FieldShellProps) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

interface NumberFieldProps {
  label: string;
  value: number;
  onChange: (value: number) => void;
  unit?: string;
  error?: string | undefined;
  hint?: string;
  step?: number;
  testId?: string;
  className?: string;
}

/**
 * A text box for a number: the typed text is kept while it is being edited ("1." or "" stay as
 * typed), and the parent gets NaN for anything unreadable so the schema can say what is wrong.
 */
export function NumberField({ label, value, onChange, unit, error, hint, step = 1, testId, className }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(() => formatNumber(value));
  // Follow changes made elsewhere (kind switch, preset) without clobbering the user's typing.
  useEffect(() => {
    setText((t) => (Object.is(parse(t), value) || (Number.isNaN(value) && Number.isNaN(parse(t))) ? t : formatNumber(value)));
  }, [value]);

  const commit = (t: string) => {
    setText(t);
    onChange(parse(t));
  };
  const nudge = (dir: 1 | -1) => {
    if (!Number.isFinite(value)) return;
    // Round to the step's precision so 0.1 + 0.2 does not show 0.30000000000000004.
    const decimals = (String(step).split('.')[1] ?? '').length;
    const next = Number((value + dir * step).toFixed(decimals));
    setText(formatNumber(next));
    onChange(next);
  };

  return (
    <FieldShell label={label} id={id} error={error} hint={hint} className={className}>
      <div className="input-unit">
        <input
          id={id}
          className="input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={text}
          data-testid={testId}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          onChange={(e) => commit(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
              e.preventDefault();
              nudge(e.key === 'ArrowUp' ? 1 : -1);
            }
          }}
        />
        {unit ? (
          <span className="input-unit__unit" aria-hidden="true">
            {unit}
          </span>
        ) : null}
      </div>
    </FieldShell>
  );
}

function parse(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' ? NaN : Number(t);
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  placeholder?: string;
  multiline?: boolean;
  testId?: string;
  className?: string;
  onBlur?: () => void;
}

export function TextField({ label, value, onChange, error, hint, placeholder, multiline, testId, className, onBlur }: TextFieldProps) {
  const id = useId();
  const common = {
    id,
    className: 'input',
    value,
    placeholder,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, error, hint),
    onBlur,
  } as const;
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} className={className}>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
    </FieldShell>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string | undefined;
  testId?: string;
  className?: string;
}

/** A native select: keyboard and screen-reader behaviour come for free. */
export function SelectField<T extends string>({ label, value, options, onChange, error, testId, className }: SelectFieldProps<T>) {
  const id = useId();
  const known = options.some((o) => o.value === value);
  return (
    <FieldShell label={label} id={id} error={error} className={className}>
      <select
        id={id}
        className="input select"
        value={value}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error)}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {/* Keep an unknown current value visible (e.g. a renamed tone-set) so nothing changes silently. */}
        {known ? null : <option value={value}>{value || '—'}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
