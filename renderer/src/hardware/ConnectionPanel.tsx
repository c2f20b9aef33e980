import { AlertTriangle, Plug, RefreshCw, Unplug } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useKoruQuery } from '../app/koru';
import { useAmpCommand, type AmpSettings, type AmpStatus } from './useAmp';

const BAUDS = [2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;
type Baud = (typeof BAUDS)[number];
const ZONES = [11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 35, 36];
const DRIVERS = [
  { value: 'monoprice', label: 'Monoprice / Dayton 6-zone' },
  { value: 'koru', label: 'Koru controller' },
] as const;
type Driver = (typeof DRIVERS)[number]['value'];

const STATE_LABEL: Record<AmpStatus['state'], string> = {
  disconnected: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Connection failed',
};

/** Port, driver and zone; connect / disconnect; the connection state and what went wrong. */
export function ConnectionPanel({ status }: { status: AmpStatus | undefined }) {
  const ports = useKoruQuery('amp.ports', {});
  const connect = useAmpCommand('amp.connect');
  const disconnect = useAmpCommand('amp.disconnect');
  const [path, setPath] = useState(status?.path ?? '');
  const [driver, setDriver] = useState<Driver>(status?.driver ?? 'monoprice');
  const [zone, setZone] = useState(status?.zone ?? 11);
  const [baud, setBaud] = useState<Baud | null>(null); // null: the driver's own rate
  const last = useKoruQuery('amp.settings.get', {}).data?.lastDevice ?? null;
  // Fill the form once: from the live connection if there is one, else from the amplifier used
  // last time. Never again after that, so clearing the field to type a new port sticks.
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current) return;
    if (path) return void (filled.current = true); // the user typed first: theirs wins
    const from = status?.path ? { ...status, baudRate: null } : last;
    if (!from?.path) return;
    filled.current = true;
    setPath(from.path);
    if (from.driver) setDriver(from.driver);
    if (from.zone) setZone(from.zone);
    if (from.baudRate) setBaud(from.baudRate);
  }, [status, last, path]);

  const live = status && status.state !== 'disconnected' && status.state !== 'error';
  const listed = ports.data?.ports ?? [];
  const message = connect.error?.message ?? status?.message ?? null;

  return (
    <section className="panel" aria-labelledby="amp-connection-heading">
      <header className="panel__header">
        <h2 id="amp-connection-heading">Amplifier</h2>
        <span className={`badge amp-state amp-state--${status?.state ?? 'disconnected'}`} data-testid="amp-state">
          {STATE_LABEL[status?.state ?? 'disconnected']}
        </span>
      </header>

      <div className="field">
        <label className="field__label" htmlFor="amp-port">
          Serial port
        </label>
        <div className="amp-port-row">
          <select id="amp-port-list" className="input select" aria-label="Detected ports" value={listed.some((p) => p.path === path) ? path : ''}
            onChange={(e) => e.target.value && setPath(e.target.value)} disabled={live} data-testid="amp-port-list">
            <option value="">{listed.length ? 'Detected ports…' : 'No ports detected'}</option>
            {listed.map((p) => (
              <option key={p.path} value={p.path}>
                {p.path}{p.manufacturer ? ` — ${p.manufacturer}` : ''}
              </option>
            ))}
          </select>
          <button type="button" className="button button--ghost" onClick={() => void ports.refetch()} disabled={ports.isFetching || live}>
            <RefreshCw size={16} aria-hidden="true" /> Rescan
          </button>
        </div>
        <input id="amp-port" className="input" placeholder="/dev/ttyUSB0, COM3, …" value={path} disabled={live}
          onChange={(e) => setPath(e.target.value)} data-testid="amp-port" spellCheck={false} />
        {ports.data?.error ? <p className="field__hint" data-testid="amp-ports-error">{ports.data.error}</p> : null}
      </div>

      <fieldset className="field fieldset">
        <legend className="field__label">Driver</legend>
        <div className="segmented">
          {DRIVERS.map((d) => (
            <label key={d.value} className={`segmented__option${driver === d.value ? ' is-checked' : ''}`}>
              <input type="radio" name="amp-driver" value={d.value} checked={driver === d.value} disabled={live}
                onChange={() => setDriver(d.value)} data-testid={`amp-driver-${d.value}`} />
              {d.label}
            </label>
          ))}
        </div>
      </fieldset>

      {driver === 'monoprice' ? (
        <div className="field">
          <label className="field__label" htmlFor="amp-zone">Zone</label>
          <select id="amp-zone" className="input select amp-zone" value={zone} disabled={live}
            onChange={(e) => setZone(Number(e.target.value))} data-testid="amp-zone">
            {ZONES.map((z) => (
              <option key={z} value={z}>
                Unit {Math.floor(z / 10)}, zone {z % 10} ({z})
              </option>
            ))}
          </select>
        </div>
      ) : null}

      <div className="field">
        <label className="field__label" htmlFor="amp-baud">Baud rate</label>
        <select id="amp-baud" className="input select amp-zone" value={baud ?? ''} disabled={live}
          onChange={(e) => setBaud(e.target.value === '' ? null : (Number(e.target.value) as Baud))} data-testid="amp-baud">
          <option value="">Driver default ({driver === 'monoprice' ? 9600 : 115200})</option>
          {BAUDS.map((b) => (
            <option key={b} value={b}>{b}</option>
          ))}
        </select>
      </div>

      <div className="button-row">
        {live ? (
          <button type="button" className="button" onClick={() => disconnect.mutate({})} data-testid="amp-disconnect">
            <Unplug size={16} aria-hidden="true" /> Disconnect
          </button>
        ) : (
          <button type="button" className="button button--primary" disabled={!path.trim() || connect.isPending}
            onClick={() => connect.mutate({ path: path.trim(), driver, ...(driver === 'monoprice' ? { zone } : {}), ...(baud ? { baudRate: baud } : {}) })} data-testid="amp-connect">
            <Plug size={16} aria-hidden="true" /> {connect.isPending ? 'Connecting…' : 'Connect'}
          </button>
        )}
      </div>

      {live && atStart(last, status) ? (
        <p className="field__hint" data-testid="amp-at-start">
          Koru connects to this amplifier again when it starts; disconnect to stop that.
        </p>
      ) : null}

      {message && status?.state !== 'connected' ? (
        <div className="alert" role="alert" data-testid="amp-message">
          <AlertTriangle size={18} aria-hidden="true" />
          <div>
            <strong>{message}</strong>
            {status?.state === 'reconnecting' ? <p className="muted">The session keeps playing; Koru restores the amplifier when it is back.</p> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** Whether the live connection is the one Koru will make again at its next start. */
function atStart(last: AmpSettings['lastDevice'], status: AmpStatus | undefined): boolean {
  return !!last?.connectAtStart && last.path === status?.path;
}
