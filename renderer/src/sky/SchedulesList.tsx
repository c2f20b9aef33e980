import { CalendarClock, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { useKoruMutation, useKoruQuery } from '../app/koru';
import { describeTrigger, formatWhen, statusText } from './format';

/** Every schedule, soonest first, with delete; a start missed while Koru was closed stays
 *  marked until dismissed. */
export function SchedulesList() {
  const id = useId();
  const list = useKoruQuery('schedules.list', {});
  const remove = useKoruMutation('schedules.delete');
  const dismiss = useKoruMutation('schedules.dismissMissed');
  const rows = list.data ?? [];
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="schedules">
      <header className="panel__header">
        <h2 id={`${id}-h`}>
          <CalendarClock size={16} aria-hidden="true" /> Schedules
        </h2>
      </header>
      <p className="muted" data-testid="schedules-note">
        Koru must be running for a schedule to start: a start that passes while it is closed is reported when it opens, never played late. Add one with “Schedule…” on a session or a ritual.
      </p>
      {rows.length === 0 ? <p className="muted">Nothing scheduled.</p> : null}
      <ul className="sky-schedules">
        {rows.map((s) => (
          <li key={s.id} className={`sky-schedule sky-schedule--${s.status}`} data-testid="schedule-row">
            <div>
              <strong>{s.title}</strong> <span className="muted">({s.target.kind})</span>
              <div>
                {describeTrigger(s.trigger)} · {statusText(s)}
              </div>
              {s.missedAt ? (
                <div className="sky-missed" role="status">
                  Missed {formatWhen(s.missedAt)}: Koru was not running.{' '}
                  <button type="button" className="button button--ghost" onClick={() => dismiss.mutate({ id: s.id })}>
                    Dismiss
                  </button>
                </div>
              ) : null}
            </div>
            <button type="button" className="icon-button icon-button--danger" aria-label={`Delete the schedule for ${s.title}`} onClick={() => remove.mutate({ id: s.id })} disabled={remove.isPending}>
              <Trash2 size={16} aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
