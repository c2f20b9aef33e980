import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, CircleAlert, Info } from 'lucide-react';
import type { JobLogEntry } from '../../../contract/jobs';
import { koruKey, useKoruEvent, useKoruQuery } from '../app/koru';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** What happened while a job made this thing, line by line (which provider spoke, which fell back
 *  and why, what was retried), following the job live while it runs. Warnings open it. */
export function JobActivity({ kind, subject, open = false }: { kind: string; subject: string; /** Shown open (a live log while the job runs). */ open?: boolean }) {
  const queryClient = useQueryClient();
  const jobs = useKoruQuery('jobs.list', { kind, subject, limit: 1 });
  const job = jobs.data?.[0];
  const log = useKoruQuery('jobs.log', { id: job?.id ?? '' }, { enabled: job !== undefined });
  useKoruEvent('job.log', ({ entry }) => {
    if (entry.jobId !== job?.id) return;
    queryClient.setQueryData<JobLogEntry[]>(koruKey('jobs.log', { id: entry.jobId }), (old) => (old && !old.some((e) => e.seq === entry.seq) ? [...old, entry] : old));
  });
  useKoruEvent('job.updated', ({ job: changed }) => {
    if (changed.subject === subject && changed.kind === kind && changed.id !== job?.id) void queryClient.invalidateQueries({ queryKey: koruKey('jobs.list', { kind, subject, limit: 1 }) });
  });
  const entries = (log.data ?? []).filter((e) => e.level !== 'debug');
  if (!job || entries.length === 0) return null;
  const warnings = entries.filter((e) => e.level === 'warn' || e.level === 'error').length;
  return (
    <details className="panel activity" open={open || warnings > 0} data-testid="job-activity">
      <summary className="panel__header">
        <h3>Activity</h3>
        <span className="muted">{warnings > 0 ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : `${entries.length} events`}</span>
      </summary>
      <ol className="activity__list">
        {entries.map((e) => (
          <li key={e.seq} className={`activity__item activity__item--${e.level}`} data-testid="job-activity-entry">
            {e.level === 'error' ? <CircleAlert size={14} aria-label="error" /> : e.level === 'warn' ? <AlertTriangle size={14} aria-label="warning" /> : <Info size={14} aria-hidden="true" />}
            <time className="muted tabular" dateTime={e.at}>
              {TIME.format(new Date(e.at))}
            </time>
            <span>{e.action}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
