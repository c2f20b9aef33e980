import { useEffect, useRef, useState } from 'react';
import { Slider } from '../ui/Slider';
import { useAmpCommand, type AmpStatus } from './useAmp';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v)}%`);

/** Live state and direct control: power, mute, and a volume that ramps (never jumps). */
export function ControlPanel({ status }: { status: AmpStatus | undefined }) {
  const set = useAmpCommand('amp.set');
  // What the user asked for, held while the ramp runs (and a moment after the last touch), so
  // the thumb does not snap back to the amplifier's coarser steps mid-gesture.
  const [requested, setRequested] = useState<number | null>(null);
  const touchedAt = useRef(0);
  const ramping = status?.targetVolume !== null && status?.targetVolume !== undefined;
  useEffect(() => {
    if (requested === null || ramping) return;
    const t = setTimeout(() => setRequested(null), Math.max(0, 1000 - (Date.now() - touchedAt.current)));
    return () => clearTimeout(t);
  }, [requested, ramping]);
  const connected = status?.state === 'connected' || status?.state === 'reconnecting';
  const max = status?.maxVolume ?? 40;
  const volume = requested ?? status?.volume ?? 0;
  // One number for the thumb, its aria value and the label: whole percent (the amplifier's steps
  // are ~2.6 %, so 21.05 would put the thumb off the "21%" it shows), never past the cap the
  // slider ends at.
  const shown = Math.round(Math.min(volume, max));
  const aboveCap = volume > max + 0.5;
  const touch = (v: number) => {
    touchedAt.current = Date.now();
    setRequested(v);
  };

  return (
    <section className="panel" aria-labelledby="amp-control-heading">
      <header className="panel__header">
        <h2 id="amp-control-heading">Control</h2>
        {status?.firmware ? <span className="muted">{status.firmware}</span> : null}
      </header>

      <dl className="amp-readout" data-testid="amp-readout">
        <dt>Power</dt>
        <dd data-testid="amp-power-state">{status?.power === null || !status ? '—' : status.power ? 'On' : 'Off'}</dd>
        <dt>Volume</dt>
        <dd className="tabular" data-testid="amp-volume-value">{pct(status?.volume)}</dd>
        <dt>Mute</dt>
        <dd data-testid="amp-mute-state">{status?.mute === null || !status ? '—' : status.mute ? 'Muted' : 'Off'}</dd>
        {status?.source !== null && status?.source !== undefined ? (
          <>
            <dt>Source</dt>
            <dd>{status.source}</dd>
          </>
        ) : null}
        <dt>Ramping to</dt>
        <dd className="tabular" data-testid="amp-target">{status?.targetVolume === null || !status ? '—' : pct(status.targetVolume)}</dd>
      </dl>

      <div className="button-row">
        <button type="button" className="button" aria-pressed={status?.power === true} disabled={!connected || set.isPending}
          onClick={() => set.mutate({ power: !status?.power })} data-testid="amp-power">
          {status?.power ? 'Power off' : 'Power on'}
        </button>
        <button type="button" className="button" aria-pressed={status?.mute === true} disabled={!connected || set.isPending}
          onClick={() => set.mutate({ mute: !status?.mute })} data-testid="amp-mute">
          {status?.mute ? 'Unmute' : 'Mute'}
        </button>
      </div>

      <div className="field">
        <span className="field__label">
          Volume <span className="muted tabular" data-testid="amp-volume-label">{pct(shown)} of max {pct(max)}</span>
        </span>
        <Slider label="Amplifier volume" value={shown} min={0} max={max} step={1} valueText={pct(shown)}
          disabled={!connected} onChange={touch}
          onCommit={(v) => {
            touch(v);
            set.mutate({ volume: v });
          }}
          testId="amp-volume" className="slider--field" />
        {aboveCap ? (
          <p className="field__error" role="status" data-testid="amp-above-cap">
            The amplifier is at {pct(volume)}, above your maximum of {pct(max)}; moving the slider brings it down.
          </p>
        ) : null}
        <p className="field__hint">Changes ramp at the rate set below, never in one jump.</p>
      </div>
      {set.error ? <p className="field__error" role="alert">{set.error.message}</p> : null}
    </section>
  );
}
