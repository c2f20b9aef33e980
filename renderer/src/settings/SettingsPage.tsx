import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import type { Settings } from '../../../contract';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { AssistantSettings } from '../assistant/AssistantSettings';
import { ProvidersSection } from '../providers/ProvidersSection';
import { LocationSetting } from '../sky/LocationSetting';
import { Slider } from '../ui/Slider';

const RATES = [
  { value: 44100, label: '44.1 kHz' },
  { value: 48000, label: '48 kHz' },
] as const;

export function SettingsPage() {
  const queryClient = useQueryClient();
  const settings = useKoruQuery('settings.get', {});
  const devices = useKoruQuery('audio.devices', {});
  const info = useKoruQuery('app.info', {});
  const update = useKoruMutation('settings.update', {
    onSuccess: (s) => queryClient.setQueryData(koruKey('settings.get', {}), s),
  });
  const [dragMax, setDragMax] = useState<number | null>(null);

  const s = settings.data;
  const patch = (p: Partial<Settings>) => update.mutate(p);
  const outputs = devices.data?.devices.filter((d) => d.maxOutputChannels > 0) ?? [];
  const deviceError = devices.data?.error ?? (devices.data && outputs.length === 0 ? 'No audio output device' : null);
  const maxVolume = dragMax ?? s?.maxVolume ?? 0.8;

  return (
    <div className="settings-page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>

      <section className="panel" aria-labelledby="audio-heading">
        <header className="panel__header">
          <h2 id="audio-heading">Audio output</h2>
          <button type="button" className="button button--ghost" onClick={() => void devices.refetch()} disabled={devices.isFetching}>
            <RefreshCw size={16} aria-hidden="true" /> Rescan devices
          </button>
        </header>

        {deviceError ? (
          <div className="alert" role="alert" data-testid="device-error">
            <AlertTriangle size={18} aria-hidden="true" />
            <div>
              <strong>{deviceError}</strong>
              <p className="muted">Playback cannot start until an output is available. Export to WAV/MP3 still works.</p>
            </div>
          </div>
        ) : null}

        <div className="field">
          <label className="field__label" htmlFor="output-device">
            Output device
          </label>
          <select
            id="output-device"
            className="input select"
            value={s?.outputDevice ?? ''}
            disabled={!s}
            onChange={(e) => patch({ outputDevice: e.target.value === '' ? null : e.target.value })}
            data-testid="output-device"
          >
            <option value="">System default</option>
            {s?.outputDevice && !outputs.some((d) => d.name === s.outputDevice) ? (
              <option value={s.outputDevice}>{s.outputDevice} (not connected)</option>
            ) : null}
            {outputs.map((d) => (
              <option key={`${d.id}-${d.name}`} value={d.name}>
                {d.name} — {d.hostApi}, {d.maxOutputChannels} ch
              </option>
            ))}
          </select>
        </div>

        <fieldset className="field fieldset">
          <legend className="field__label">Sample rate</legend>
          <div className="segmented">
            {RATES.map((r) => (
              <label key={r.value} className={`segmented__option${s?.sampleRate === r.value ? ' is-checked' : ''}`}>
                <input
                  type="radio"
                  name="sample-rate"
                  value={r.value}
                  checked={s?.sampleRate === r.value}
                  disabled={!s}
                  onChange={() => patch({ sampleRate: r.value })}
                  data-testid={`rate-${r.value}`}
                />
                {r.label}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <span className="field__label">
            Maximum volume <span className="muted tabular">{Math.round(maxVolume * 100)}%</span>
          </span>
          <Slider
            label="Maximum volume"
            value={maxVolume}
            valueText={`${Math.round(maxVolume * 100)}%`}
            disabled={!s}
            onChange={setDragMax}
            onCommit={(v) => update.mutate({ maxVolume: v }, { onSettled: () => setDragMax(null) })}
            testId="max-volume"
            className="slider--field"
          />
          <p className="field__hint">A hard cap applied after every session’s own volume — protects ears and speakers.</p>
        </div>
      </section>

      <ProvidersSection />

      <LocationSetting />

      <AssistantSettings />

      <section className="panel" aria-labelledby="about-heading">
        <header className="panel__header">
          <h2 id="about-heading">About Koru</h2>
        </header>
        {info.data ? (
          <dl className="info" data-testid="app-info">
            <dt>Version</dt>
            <dd className="tabular">{info.data.version}</dd>
            <dt>Mode</dt>
            <dd>{info.data.mode === 'web' ? 'Web (browser connected to a Koru server)' : 'Desktop'}</dd>
            <dt>Data folder</dt>
            <dd>
              <code className="path">{info.data.dataDir}</code>
            </dd>
          </dl>
        ) : (
          <p className="muted">{info.isError ? 'Not available.' : 'Loading…'}</p>
        )}
      </section>
    </div>
  );
}
