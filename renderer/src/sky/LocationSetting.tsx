import { useQueryClient } from '@tanstack/react-query';
import { MapPin, Search } from 'lucide-react';
import { useId, useState } from 'react';
import { Location, type City } from '../../../contract/sky';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Where sunrise and planetary hours are worked out for: a city from the bundled list, or typed
 *  coordinates. Nothing is looked up on the network. */
export function LocationSetting() {
  const id = useId();
  const queryClient = useQueryClient();
  const current = useKoruQuery('sky.location.get', {});
  const [query, setQuery] = useState('');
  const [coords, setCoords] = useState({ lat: '', lon: '', timeZone: browserZone() });
  const [error, setError] = useState<string | null>(null);
  const cities = useKoruQuery('sky.cities', { query: query.trim() || '-', limit: 8 }, { enabled: query.trim().length >= 2 });
  const save = useKoruMutation('sky.location.set', {
    onSuccess: (loc) => {
      queryClient.setQueryData(koruKey('sky.location.get', {}), loc);
      void queryClient.invalidateQueries({ queryKey: koruKey('sky.now') });
      void queryClient.invalidateQueries({ queryKey: koruKey('sky.hours') });
      setQuery('');
    },
  });

  const pick = (c: City) => save.mutate({ location: { name: `${c.name}, ${c.country}`, lat: c.lat, lon: c.lon, timeZone: c.timeZone } });
  const saveCoords = () => {
    const parsed = Location.safeParse({ name: null, lat: coords.lat.trim() === '' ? NaN : Number(coords.lat), lon: coords.lon.trim() === '' ? NaN : Number(coords.lon), timeZone: coords.timeZone.trim() });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0] === 'lat' ? 'Latitude' : issue?.path[0] === 'lon' ? 'Longitude' : 'Time zone';
      setError(issue?.code === 'invalid_type' ? `${field}: enter a number` : `${field}: ${issue?.message ?? 'not valid'}`);
      return;
    }
    setError(null);
    save.mutate({ location: parsed.data });
  };

  const loc = current.data;
  return (
    <section className="panel sky-location" aria-labelledby={`${id}-h`} data-testid="sky-location">
      <header className="panel__header">
        <h2 id={`${id}-h`}>
          <MapPin size={16} aria-hidden="true" /> Location for sky timing
        </h2>
      </header>
      <p className="muted" data-testid="sky-location-current">
        {loc ? `${loc.name ?? `${loc.lat.toFixed(3)}°, ${loc.lon.toFixed(3)}°`} · ${loc.timeZone}` : 'Not set: the Moon and the signs work anywhere; sunrise and planetary hours need a place.'}
      </p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-city`}>
          Find a city
        </label>
        <div className="sky-search">
          <Search size={16} aria-hidden="true" />
          <input id={`${id}-city`} className="input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. Lisbon" autoComplete="off" data-testid="sky-city-search" />
        </div>
        {query.trim().length >= 2 ? (
          <ul className="sky-cities" aria-label="Cities found">
            {(cities.data ?? []).map((c) => (
              <li key={`${c.name}-${c.country}-${c.lat}`}>
                <button type="button" className="button button--ghost" onClick={() => pick(c)} disabled={save.isPending}>
                  {c.name}, {c.country} <span className="muted">{c.timeZone}</span>
                </button>
              </li>
            ))}
            {cities.data?.length === 0 ? <li className="muted">No city of that name in the built-in list: enter coordinates below.</li> : null}
          </ul>
        ) : null}
      </div>
      <fieldset className="fieldset sky-coords">
        <legend className="field__label">Or coordinates</legend>
        <label>
          Latitude
          <input className="input" inputMode="decimal" value={coords.lat} onChange={(e) => setCoords({ ...coords, lat: e.target.value })} placeholder="51.5" data-testid="sky-lat" />
        </label>
        <label>
          Longitude (east +)
          <input className="input" inputMode="decimal" value={coords.lon} onChange={(e) => setCoords({ ...coords, lon: e.target.value })} placeholder="-0.12" data-testid="sky-lon" />
        </label>
        <label>
          Time zone
          <input className="input" value={coords.timeZone} onChange={(e) => setCoords({ ...coords, timeZone: e.target.value })} data-testid="sky-tz" />
        </label>
        <div className="button-row">
          <button type="button" className="button" onClick={saveCoords} disabled={save.isPending} data-testid="sky-save-coords">
            Use these coordinates
          </button>
          {loc ? (
            <button type="button" className="button button--ghost" onClick={() => save.mutate({ location: null })} disabled={save.isPending}>
              Clear
            </button>
          ) : null}
        </div>
        {error ? (
          <p className="field__error" role="alert" data-testid="sky-coords-error">
            {error}
          </p>
        ) : null}
      </fieldset>
    </section>
  );
}
