import { Moon, Orbit, Sunrise } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { PlanetaryDay, SkyNow } from '../../../contract/sky';
import { useKoruQuery } from '../app/koru';
import { LocationSetting } from './LocationSetting';
import { MoonPicture } from './MoonPicture';
import { SchedulesList } from './SchedulesList';
import { PHASE_NAMES, formatTime, formatWhen } from './format';
import './sky.css';

/** How often the panel asks for the sky again (the current hour changes, the Moon moves). */
const REFRESH_MS = 60_000;

/** Sky timing, self-contained: the Moon, what comes next, today's planetary hours with the
 *  current one marked, the signs, the location and the schedules. */
export function SkyPanel() {
  const now = useKoruQuery('sky.now', {}, { refetchInterval: REFRESH_MS });
  const sky = now.data;
  return (
    <div className="sky-page" data-testid="sky-panel">
      <header className="page-header">
        <h1>Sky</h1>
      </header>
      {sky ? (
        <>
          <MoonSection sky={sky} />
          <HoursSection sky={sky} />
          <SignsSection sky={sky} />
        </>
      ) : now.isError ? (
        <p className="alert" role="alert">
          The sky could not be worked out: {now.error.message}
        </p>
      ) : (
        <p className="muted">Working out the sky…</p>
      )}
      <LocationSetting />
      <SchedulesList />
    </div>
  );
}

function MoonSection({ sky }: { sky: SkyNow }) {
  const id = useId();
  const zone = sky.location?.timeZone;
  const phase = PHASE_NAMES[sky.moon.phase];
  const lit = `${Math.round(sky.moon.illumination * 100)}% lit`;
  return (
    <section className="panel sky-moon" aria-labelledby={`${id}-h`}>
      <header className="panel__header">
        <h2 id={`${id}-h`}>
          <Moon size={16} aria-hidden="true" /> Moon
        </h2>
      </header>
      <div className="sky-moon__body">
        <MoonPicture phaseAngle={sky.moon.phaseAngle} label={`${phase}, ${lit}`} />
        <div>
          <p className="sky-moon__phase" data-testid="moon-phase">
            {phase}, {lit}
          </p>
          <h3 className="sky-sub">Next</h3>
          <ul className="sky-events" data-testid="sky-next-events">
            {[...sky.nextQuarters, ...sky.nextEclipses]
              .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
              .map((e) => (
                <li key={`${e.kind}-${e.at}`}>
                  <span>{e.label}</span> <time dateTime={e.at}>{formatWhen(e.at, zone)}</time>
                </li>
              ))}
          </ul>
        </div>
      </div>
      {sky.sun ? (
        <p className="sky-sun" data-testid="sky-sun">
          <Sunrise size={16} aria-hidden="true" /> Sunrise {formatTime(sky.sun.sunrise, zone)} · sunset {formatTime(sky.sun.sunset, zone)} · civil dawn {formatTime(sky.sun['civil-dawn'], zone)} · civil dusk{' '}
          {formatTime(sky.sun['civil-dusk'], zone)} · astronomical night {formatTime(sky.sun['astronomical-dusk'], zone)}–{formatTime(sky.sun['astronomical-dawn'], zone)}
        </p>
      ) : null}
    </section>
  );
}

/** The planetary hours of today (the day the current hour belongs to), or another date. */
function HoursSection({ sky }: { sky: SkyNow }) {
  const id = useId();
  const [date, setDate] = useState<string | null>(null);
  const other = useKoruQuery('sky.hours', { date: date ?? '2000-01-01' }, { enabled: date !== null && sky.location !== null, meta: { silent: true } });
  // A newly set location shows its own today again.
  useEffect(() => setDate(null), [sky.location?.lat, sky.location?.lon]);
  const zone = sky.location?.timeZone;
  const shown: PlanetaryDay | null | undefined = date === null ? sky.hours : other.data;
  const current = date === null ? sky.hour?.index : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <header className="panel__header">
        <h2 id={`${id}-h`}>
          <Orbit size={16} aria-hidden="true" /> Planetary hours
        </h2>
        {sky.location ? (
          <label className="sky-date">
            Date <input type="date" className="input" value={date ?? sky.hours?.date ?? ''} onChange={(e) => setDate(e.target.value || null)} data-testid="hours-date" />
          </label>
        ) : null}
      </header>
      {!sky.location ? (
        <p className="muted">Set a location below to see the planetary hours.</p>
      ) : other.isError && date !== null ? (
        <p className="field__error" role="alert">
          {other.error.message}
        </p>
      ) : !shown ? (
        <p className="muted">{date === null ? 'The Sun does not rise and set here today, so there are no planetary hours.' : 'Working out…'}</p>
      ) : (
        <>
          <p className="muted">
            {shown.date}: day of {shown.dayRuler}. Daylight and night are each split into twelve hours, in Chaldean order from the day’s ruler.
            {sky.hour && date === null ? ` Now: the hour of ${sky.hour.ruler}.` : ''}
          </p>
          <ol className="sky-hours" data-testid="sky-hours">
            {shown.hours.map((h) => (
              <li key={h.index} className={`sky-hour sky-hour--${h.period}`} aria-current={h.index === current ? 'time' : undefined} data-testid={h.index === current ? 'current-hour' : undefined}>
                <span className="sky-hour__time">
                  {formatTime(h.start, zone)}–{formatTime(h.end, zone)}
                </span>
                <span>{h.ruler}</span>
                {h.index === current ? <span className="badge">now</span> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function SignsSection({ sky }: { sky: SkyNow }) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <header className="panel__header">
        <h2 id={`${id}-h`}>Signs</h2>
      </header>
      <p className="muted" data-testid="zodiac-note">
        Tropical zodiac (signs measured from the March equinox, not the stars), as seen from Earth.
      </p>
      <table className="sky-signs" data-testid="sky-signs">
        <thead>
          <tr>
            <th scope="col">Body</th>
            <th scope="col">Sign</th>
            <th scope="col">Degree</th>
            <th scope="col">Motion</th>
          </tr>
        </thead>
        <tbody>
          {sky.bodies.map((b) => (
            <tr key={b.body}>
              <th scope="row">{b.body}</th>
              <td>{b.sign}</td>
              <td>{b.degree.toFixed(1)}°</td>
              <td>{b.retrograde ? 'retrograde' : b.body === 'Sun' || b.body === 'Moon' ? '' : 'direct'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
