import type { ReactNode } from 'react';

/** How a long piece of work stands, as one of four looks shared by rituals, stories and dubs. */
export type StatusTone = 'working' | 'ready' | 'failed' | 'cancelled';

/** Each capability's own statuses → the look. Statuses still under way are all "working". */
export function toneOf(status: string): StatusTone {
  if (status === 'ready' || status === 'completed') return 'ready';
  if (status === 'failed' || status === 'cancelled') return status;
  return 'working';
}

export function StatusPill({ status, className, testId, children }: { status: string; className?: string; testId?: string; children: ReactNode }) {
  return (
    <span className={`status-pill status-pill--${toneOf(status)}${className ? ` ${className}` : ''}`} data-testid={testId}>
      {children}
    </span>
  );
}
