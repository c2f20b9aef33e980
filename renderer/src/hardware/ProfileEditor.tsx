import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../contract';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { useAmpSettings } from './useAmp';

type Profile = ChannelOutput<'amp.settings.get'>['defaultProfile'];
const DEFAULT = '__default__';

/** What the amplifier does for a session (or for every session without its own profile). */
export function ProfileEditor() {
  const queryClient = useQueryClient();
  const sessions = useKoruQuery('sessions.list', {});
  const { settings, update } = useAmpSettings();
  const [target, setTarget] = useState(DEFAULT);
  const own = useKoruQuery('amp.profile.get', { sessionId: target }, { enabled: target !== DEFAULT });
  const save = useKoruMutation('amp.profile.set', {
    onSuccess: (r) => queryClient.setQueryData(koruKey('amp.profile.get', { sessionId: r.sessionId }), r),
  });
  const loaded: Profile | undefined = target === DEFAULT ? settings.data?.defaultProfile : own.data?.profile;
  const [draft, setDraft] = useState<Profile | undefined>(loaded);
  useEffect(() => setDraft(loaded), [loaded]);
  const max = settings.data?.maxVolume ?? 40;

  const commit = (p: Profile) => {
    setDraft(p);
    if (target === DEFAULT) update.mutate({ defaultProfile: p });
    else save.mutate({ sessionId: target, profile: p });
  };
  const d = draft;

  return (
    <section className="panel" aria-labelledby="amp-profile-heading">
      <header className="panel__header">
        <h2 id="amp-profile-heading">Session profile</h2>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="amp-profile-target">Profile for</label>
        <select id="amp-profile-target" className="input select" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="amp-profile-target">
          <option value={DEFAULT}>Every session (default)</option>
          {(sessions.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </select>
        {target !== DEFAULT && own.data?.isDefault ? <p className="field__hint">Uses the default until you change something here.</p> : null}
      </div>
      {d ? (
        <div className="amp-profile" data-testid="amp-profile">
          <label className="amp-check">
            <input type="checkbox" checked={d.follow} onChange={(e) => commit({ ...d, follow: e.target.checked })} data-testid="amp-profile-follow" />
            The amplifier follows this session
          </label>
          <fieldset className="fieldset amp-profile__group" disabled={!d.follow}>
            <legend className="field__label">At the start</legend>
            <label className="amp-check">
              <input type="checkbox" checked={d.start.powerOn} onChange={(e) => commit({ ...d, start: { ...d.start, powerOn: e.target.checked } })} /> Power on
            </label>
            <label className="amp-check">
              <input type="checkbox" checked={d.start.unmute} onChange={(e) => commit({ ...d, start: { ...d.start, unmute: e.target.checked } })} /> Unmute
            </label>
            <label className="amp-inline">
              Ramp to
              <input className="input amp-number" type="number" min={0} max={max} value={d.start.volume} data-testid="amp-profile-start-volume"
                onChange={(e) => setDraft({ ...d, start: { ...d.start, volume: Math.min(max, Math.max(0, Number(e.target.value))) } })}
                onBlur={() => commit(d)} />
              %
            </label>
          </fieldset>
          <fieldset className="fieldset amp-profile__group" disabled={!d.follow}>
            <legend className="field__label">Sleep timer</legend>
            <label className="amp-check">
              <input type="checkbox" checked={d.sleepFade.follow} onChange={(e) => commit({ ...d, sleepFade: { ...d.sleepFade, follow: e.target.checked } })} />
              Ramp down with the sleep fade over the last
              <input className="input amp-number" type="number" min={1} max={600} value={d.sleepFade.seconds}
                onChange={(e) => setDraft({ ...d, sleepFade: { ...d.sleepFade, seconds: Math.min(600, Math.max(1, Number(e.target.value))) } })}
                onBlur={() => commit(d)} /> s
            </label>
          </fieldset>
          <fieldset className="fieldset amp-profile__group" disabled={!d.follow}>
            <legend className="field__label">At the end</legend>
            <label className="amp-inline">
              Ramp down to
              <input className="input amp-number" type="number" min={0} max={100} value={d.end.rampTo}
                onChange={(e) => setDraft({ ...d, end: { ...d.end, rampTo: Math.min(100, Math.max(0, Number(e.target.value))) } })}
                onBlur={() => commit(d)} /> %, then
              <select className="input select amp-then" value={d.end.then} data-testid="amp-profile-end"
                onChange={(e) => commit({ ...d, end: { ...d.end, then: e.target.value as Profile['end']['then'] } })}>
                <option value="stay">leave it on</option>
                <option value="mute">mute</option>
                <option value="power-off">power off</option>
              </select>
            </label>
          </fieldset>
          {target !== DEFAULT && own.data && !own.data.isDefault ? (
            <button type="button" className="button button--ghost" onClick={() => save.mutate({ sessionId: target, profile: null })}>
              Use the default profile
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {save.error || update.error ? <p className="field__error" role="alert">{(save.error ?? update.error)?.message}</p> : null}
    </section>
  );
}
