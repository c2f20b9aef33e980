import type { ReactNode } from 'react';

/** A form's primary button, and after a refused submit the reason it did nothing. */
export function SubmitRow({ pending, invalid, testId, children }: { pending: boolean; invalid: boolean; testId: string; children: ReactNode }) {
  return (
    <div className="button-row">
      <button type="submit" className="button button--primary" disabled={pending} data-testid={testId}>
        {children}
      </button>
      {invalid ? (
        <span className="field__error" role="alert">
          Fix the highlighted fields first.
        </span>
      ) : null}
    </div>
  );
}
