import { useState } from 'react';
import { Slider } from '../ui/Slider';
import { useAmpSettings } from './useAmp';

/** Maximum volume, ramp speed, hardware level. */
export function SafetyPanel() {
  const { settings, update } = useAmpSettings();
  const s = settings.data;
  const [dragMax, setDragMax] = useState<number | null>(null);
  const [dragRamp, setDragRamp] = useState<number | null>(null);
  const max = dragMax ?? s?.maxVolume ?? 40;
  const ramp = dragRamp ?? s?.rampPercentPerSec ?? 10;

  return (
    <section className="panel" aria-labelledby="amp-safety-heading">
      <header className="panel__header">
        <h2 id="amp-safety-heading">Safety</h2>
      </header>
      <div className="field">
        <span className="field__label">
          Maximum amplifier volume <span className="muted tabular" data-testid="amp-max-value">{Math.round(max)}%</span>
        </span>
        <Slider label="Maximum amplifier volume" value={max} min={0} max={100} step={1} valueText={`${Math.round(max)}%`} disabled={!s}
          onChange={setDragMax} onCommit={(v) => update.mutate({ maxVolume: v }, { onSettled: () => setDragMax(null) })}
          testId="amp-max-volume" className="slider--field" />
        <p className="field__hint">Koru never sets the amplifier above this; lowering it brings the volume down (by ramp).</p>
      </div>
      <div className="field">
        <span className="field__label">
          Ramp speed <span className="muted tabular">{ramp}% per second</span>
        </span>
        <Slider label="Ramp speed" value={ramp} min={1} max={50} step={1} valueText={`${ramp}% per second`} disabled={!s}
          onChange={setDragRamp} onCommit={(v) => update.mutate({ rampPercentPerSec: v }, { onSettled: () => setDragRamp(null) })}
          testId="amp-ramp" className="slider--field" />
      </div>
      <fieldset className="field fieldset">
        <legend className="field__label">Hardware level</legend>
        <div className="segmented">
          {([2, 3] as const).map((level) => (
            <label key={level} className={`segmented__option${s?.hardwareLevel === level ? ' is-checked' : ''}`}>
              <input type="radio" name="amp-level" checked={s?.hardwareLevel === level} disabled={!s}
                onChange={() => update.mutate({ hardwareLevel: level })} data-testid={`amp-level-${level}`} />
              {level === 2 ? 'Level 2 — amplifier + speakers' : 'Level 3 — with bass shaker'}
            </label>
          ))}
        </div>
        <p className="field__hint">Level 3 removes sub-audio content and limits the low band the shaker reproduces.</p>
      </fieldset>
      {update.error ? <p className="field__error" role="alert">{update.error.message}</p> : null}
    </section>
  );
}
