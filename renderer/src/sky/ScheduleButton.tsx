import { CalendarPlus } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { CHALDEAN, MOON_QUARTERS, SCHEDULE_NOTICE_MINUTES, SUN_EVENTS, type Planet, type ScheduleTarget, type TriggerInput } from '../../../contract/sky';
import { errorMessage } from '../app/errors';
import { useKoruMutation, useKoruQuery } from '../app/koru';
import { Dialog } from '../ui/Dialog';
import { formatWhen } from './format';

type Kind = 'time' | 'moon' | 'sun' | 'hour';
type SunDay = 'today' | 'tomorrow' | 'next';

const words = (s: string) => s[0]!.toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** The local date `offset` days from now in `timeZone`, YYYY-MM-DD. */
function localDate(timeZone: string, offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offset * 86_400_000));
}

/** "Schedule…": start this session or ritual at a time or a sky event. */
export function ScheduleButton({ target, title, disabled }: { target: ScheduleTarget; title: string; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--ghost" onClick={() => setOpen(true)} disabled={disabled} data-testid="schedule-open">
        <CalendarPlus size={16} aria-hidden="true" /> Schedule…
      </button>
      {open ? <ScheduleDialog target={target} title={title} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ScheduleDialog({ target, title, onClose }: { target: ScheduleTarget; title: string; onClose: () => void }) {
  const id = useId();
  const location = useKoruQuery('sky.location.get', {});
  const [kind, setKind] = useState<Kind>('moon');
  const [at, setAt] = useState('');
  const [quarter, setQuarter] = useState<(typeof MOON_QUARTERS)[number]>('full-moon');
  const [sunEvent, setSunEvent] = useState<(typeof SUN_EVENTS)[number]>('sunrise');
  const [sunDay, setSunDay] = useState<SunDay>('tomorrow');
  const [planet, setPlanet] = useState<Planet>('Venus');
  const [repeat, setRepeat] = useState(false);
  const [notice, setNotice] = useState(String(SCHEDULE_NOTICE_MINUTES.default));
  const [error, setError] = useState<string | null>(null);
  const create = useKoruMutation('schedules.create', {
    meta: { silent: true }, // shown in the dialog, where it can be fixed
    onSuccess: (s) => {
      toast.success(`Scheduled “${s.title}”`, { description: s.nextAt ? `First start ${formatWhen(s.nextAt)}. Keep Koru running.` : undefined });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const needsPlace = kind === 'sun' || kind === 'hour';
  const zone = location.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  const submit = () => {
    setError(null);
    let trigger: TriggerInput;
    if (kind === 'time') {
      const ms = Date.parse(at);
      if (!at || Number.isNaN(ms)) return setError('Choose a date and time.');
      trigger = { kind: 'time', at: new Date(ms).toISOString() };
    } else if (kind === 'moon') trigger = { kind: 'moon', quarter, repeat };
    else if (kind === 'sun') trigger = { kind: 'sun', event: sunEvent, repeat, ...(sunDay === 'next' ? {} : { on: localDate(zone, sunDay === 'today' ? 0 : 1) }) };
    else trigger = { kind: 'hour', planet, repeat };
    const minutes = Number(notice);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > SCHEDULE_NOTICE_MINUTES.max) return setError(`The notice must be a whole number of minutes, 0 to ${SCHEDULE_NOTICE_MINUTES.max}.`);
    create.mutate({ target, trigger, noticeMinutes: minutes });
  };

  return (
    <Dialog open onOpenChange={(o) => (o ? undefined : onClose())} title={`Schedule “${title}”`} description="It starts on its own at that moment, with a notice before — while Koru is running." testId="schedule-dialog">
      <form
        className="sky-schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${id}-kind`}>
            Start
          </label>
          <select id={`${id}-kind`} className="input select" value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="schedule-kind">
            <option value="moon">At a moon phase</option>
            <option value="sun">At sunrise, sunset or twilight</option>
            <option value="hour">In a planetary hour</option>
            <option value="time">At a date and time</option>
          </select>
        </div>
        {kind === 'time' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-at`}>
              Date and time (this computer’s time zone)
            </label>
            <input id={`${id}-at`} type="datetime-local" className="input" value={at} onChange={(e) => setAt(e.target.value)} data-testid="schedule-at" />
          </div>
        ) : null}
        {kind === 'moon' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-q`}>
              Moon phase
            </label>
            <select id={`${id}-q`} className="input select" value={quarter} onChange={(e) => setQuarter(e.target.value as typeof quarter)} data-testid="schedule-quarter">
              {MOON_QUARTERS.map((q) => (
                <option key={q} value={q}>
                  {words(q)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {kind === 'sun' ? (
          <div className="sky-row">
            <div className="field">
              <label className="field__label" htmlFor={`${id}-sun`}>
                Event
              </label>
              <select id={`${id}-sun`} className="input select" value={sunEvent} onChange={(e) => setSunEvent(e.target.value as typeof sunEvent)} data-testid="schedule-sun">
                {SUN_EVENTS.map((s) => (
                  <option key={s} value={s}>
                    {words(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-day`}>
                Day
              </label>
              <select id={`${id}-day`} className="input select" value={sunDay} onChange={(e) => setSunDay(e.target.value as SunDay)} data-testid="schedule-day">
                <option value="today">Today</option>
                <option value="tomorrow">Tomorrow</option>
                <option value="next">The next one</option>
              </select>
            </div>
          </div>
        ) : null}
        {kind === 'hour' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-planet`}>
              Hour of
            </label>
            <select id={`${id}-planet`} className="input select" value={planet} onChange={(e) => setPlanet(e.target.value as Planet)} data-testid="schedule-planet">
              {CHALDEAN.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {kind !== 'time' ? (
          <label className="sky-check">
            <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} data-testid="schedule-repeat" /> {kind === 'sun' ? 'Every day' : 'Every time'}
          </label>
        ) : null}
        {needsPlace && !location.data ? <p className="field__hint">This needs your location: set it under Sky or Settings.</p> : null}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-notice`}>
            Notice before the start (minutes)
          </label>
          <input id={`${id}-notice`} className="input" inputMode="numeric" value={notice} onChange={(e) => setNotice(e.target.value)} data-testid="schedule-notice" />
        </div>
        {error ? (
          <p className="field__error" role="alert" data-testid="schedule-error">
            {error}
          </p>
        ) : null}
        <p className="muted">Koru must be running at that moment. If it is closed, the start is reported as missed when Koru opens, not played late.</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="schedule-create">
            Schedule
          </button>
        </div>
      </form>
    </Dialog>
  );
}
