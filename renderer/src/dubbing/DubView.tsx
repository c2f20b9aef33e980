import { StatusPill } from '../ui/StatusPill';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Square } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { DUCK_DB_MAX, DUCK_DB_MIN, DubMix, DubOptionsPatch, STRETCH_MAX, STRETCH_MIN, type Dub, type DubTrack } from '../../../contract';
import { fieldMessage } from '../../../contract/issues';
import { koruKey, useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';
import { formatClock } from '../format';
import { JobActivity } from '../jobs/JobActivity';
import { usePlaybackCommand, usePlaybackStatus } from '../playback/usePlayback';
import { NumberField } from '../ui/fields';
import { DubExport } from './DubExport';
import { DubLines } from './DubLines';
import { DubSteps } from './DubSteps';
import { DubWaveform } from './DubWaveform';

const TRACK_LABELS: Record<DubTrack, string> = { original: 'Original', dub: 'Dub' };
const MIX_LABELS: Record<DubMix, string> = { over: 'Over the original', 'dub-only': 'Dub only' };

/** One dub: its steps, the waveform with its lines, A/B playback, the mix, the lines to edit and
 *  the export. Read again while it works and whenever main says it changed. */
export function DubView({ id, focusTitle = false }: { id: string; focusTitle?: boolean }) {
  const queryClient = useQueryClient();
  const dub = useKoruQuery('dubbing.get', { id }, { refetchInterval: (q) => (q.state.data?.status === 'working' ? 500 : false) });
  useKoruEvent('dubbing.updated', (p) => p.id === id && void queryClient.invalidateQueries({ queryKey: koruKey('dubbing.get', { id }) }));
  if (dub.isPending) return <p className="muted empty">Loading…</p>;
  if (!dub.data) return <p className="muted empty">This dub could not be loaded.</p>;
  return <DubDetail dub={dub.data} focusTitle={focusTitle} refresh={() => void queryClient.invalidateQueries({ queryKey: koruKey('dubbing.get', { id }) })} />;
}

function DubDetail({ dub, focusTitle, refresh }: { dub: Dub; focusTitle: boolean; refresh: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) title.current?.focus();
  }, [focusTitle]);
  const [current, setCurrent] = useState(0);
  const ab = useAb(dub);
  const s = dub.source;
  const from = dub.sourceLanguage ?? dub.request.from;

  return (
    <article className="dub" aria-labelledby="dub-title" data-testid="dub-view" data-status={dub.status}>
      <header className="editor__header">
        <div className="editor__title">
          <h2 id="dub-title" ref={title} tabIndex={-1} data-testid="dub-title">
            {dub.title}
          </h2>
          <StatusPill status={dub.status} testId="dub-status">
            {dub.status}
          </StatusPill>
        </div>
      </header>
      <p className="muted dub__meta" data-testid="dub-meta">
        {s ? `${s.name} · ${s.format}${s.video ? ' (its audio track)' : ''} · ${formatClock(s.durationSec)} · ${s.sampleRate / 1000} kHz ${s.channels === 1 ? 'mono' : 'stereo'}` : 'Decoding…'}
        {` · ${from ?? 'language to be detected'} → ${dub.request.to}`}
        {dub.voiceReplacement ? ' · voice replacement (same language: re-voiced, not translated)' : ''}
      </p>

      {dub.error || dub.status === 'cancelled' ? (
        <div className="alert" role={dub.status === 'failed' ? 'alert' : 'status'} data-testid="dub-error">
          <AlertTriangle size={18} aria-hidden="true" />
          <div>
            <strong>{dub.status === 'cancelled' ? 'Stopped' : 'This dub could not be finished'}</strong>
            {dub.error ? <p>{dub.error}</p> : null}
            <p className="muted">Finished steps are kept: Resume does only what is missing.</p>
          </div>
        </div>
      ) : null}

      <DubSteps dub={dub} onChanged={refresh} />

      <section className="panel" aria-labelledby="dub-wave-heading">
        <header className="panel__header">
          <h3 id="dub-wave-heading">Listen</h3>
          <AbPlayer ab={ab} from={dub.segments[current]?.sourceStart ?? 0} />
        </header>
        <DubWaveform
          dub={dub}
          current={current}
          onCurrent={setCurrent}
          playheadSec={ab.atSec}
          onPlayFrom={(i) => {
            const line = dub.segments[i];
            const track = ab.track ?? (ab.can.dub ? 'dub' : 'original');
            if (line && ab.can[track]) ab.play(track, line.sourceStart);
          }}
        />
        <MixOptions dub={dub} />
      </section>

      <DubLines dub={dub} current={current} onCurrent={setCurrent} />
      <JobActivity kind="dub" subject={dub.id} />
      <DubExport id={dub.id} ready={dub.status === 'ready'} />
    </article>
  );
}

/** A/B playback of one dub: which track the buttons last started (the player does not say),
 *  and the player's position while it plays this dub. */
function useAb(dub: Dub) {
  const queryClient = useQueryClient();
  const status = usePlaybackStatus();
  const [started, setStarted] = useState<DubTrack | null>(null);
  const mine = status.sessionId === dub.id && status.state !== 'idle';
  const play = useKoruMutation('dubbing.play', {
    onSuccess: (st, { track }) => {
      queryClient.setQueryData(koruKey('playback.status', {}), st);
      setStarted(track);
    },
  });
  return {
    track: mine ? started : null,
    atSec: mine ? status.elapsedSec : null,
    play: (track: DubTrack, atSec: number) => play.mutate({ id: dub.id, track, ...(atSec > 0 ? { atSec } : {}) }),
    can: { original: dub.source !== null, dub: dub.status === 'ready' } as Record<DubTrack, boolean>,
  };
}

/** A/B: the original or the dub, switching at the same position; Stop. */
function AbPlayer({ ab, from }: { ab: ReturnType<typeof useAb>; from: number }) {
  const stop = usePlaybackCommand('playback.stop');
  return (
    <div className="button-row dub-ab" role="group" aria-label="Play the original or the dub">
      {(['original', 'dub'] as const).map((t) => (
        <button key={t} type="button" className={`button${ab.track === t ? ' button--primary' : ''}`} aria-pressed={ab.track === t} disabled={!ab.can[t]} onClick={() => ab.play(t, ab.atSec ?? from)} data-testid={`dub-play-${t}`}>
          {TRACK_LABELS[t]}
        </button>
      ))}
      <button type="button" className="icon-button" aria-label="Stop" disabled={ab.track === null} onClick={() => stop.mutate({})} data-testid="dub-stop">
        <Square size={15} aria-hidden="true" />
      </button>
      <span className="muted tabular" data-testid="dub-playing">
        {ab.track ? `${TRACK_LABELS[ab.track]} · ${formatClock(ab.atSec ?? 0)}` : ''}
      </span>
    </div>
  );
}

/** Ducking depth, mix and stretch limit: applied on Enter or when the field is left; a new limit
 *  fits the lines again (no provider call). */
function MixOptions({ dub }: { dub: Dub }) {
  const queryClient = useQueryClient();
  const [duck, setDuck] = useState(dub.request.duckDb);
  const [stretch, setStretch] = useState(dub.request.maxStretch);
  useEffect(() => setDuck(dub.request.duckDb), [dub.request.duckDb]);
  useEffect(() => setStretch(dub.request.maxStretch), [dub.request.maxStretch]);
  const update = useKoruMutation('dubbing.options.update', { onSuccess: (d) => queryClient.setQueryData(koruKey('dubbing.get', { id: d.id }), d) });
  const idle = dub.status !== 'working' && !update.isPending;
  const checked = DubOptionsPatch.safeParse({ duckDb: duck, maxStretch: stretch });
  const errorOf = (k: 'duckDb' | 'maxStretch', v: number) => (!Number.isFinite(v) ? 'enter a number' : checked.success ? undefined : checked.error.issues.filter((i) => i.path[0] === k).map(fieldMessage)[0]);
  const apply = (patch: DubOptionsPatch) => {
    if (!idle || !DubOptionsPatch.safeParse(patch).success) return;
    const changed = Object.entries(patch).some(([k, v]) => dub.request[k as keyof DubOptionsPatch] !== v);
    if (changed) update.mutate({ id: dub.id, patch });
  };
  const commitOn = (patch: () => DubOptionsPatch) => ({
    onBlur: () => apply(patch()),
    onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && apply(patch()),
  });
  return (
    <div className="grid dub-options">
      <fieldset className="field fieldset">
        <legend className="field__label">Mix</legend>
        <div className="segmented">
          {DubMix.options.map((m) => (
            <label key={m} className={`segmented__option${dub.request.mix === m ? ' is-checked' : ''}`}>
              <input type="radio" name={`dub-mix-${dub.id}`} value={m} checked={dub.request.mix === m} disabled={!idle} onChange={() => apply({ mix: m })} data-testid={`dub-view-mix-${m}`} />
              {MIX_LABELS[m]}
            </label>
          ))}
        </div>
      </fieldset>
      <div {...commitOn(() => ({ duckDb: duck }))}>
        <NumberField label="Original under the dub" unit="dB" value={duck} onChange={setDuck} error={errorOf('duckDb', duck)} hint={`${DUCK_DB_MIN} to ${DUCK_DB_MAX} dB`} testId="dub-view-duck" />
      </div>
      <div {...commitOn(() => ({ maxStretch: stretch }))}>
        <NumberField label="Stretch limit" unit="×" step={0.05} value={stretch} onChange={setStretch} error={errorOf('maxStretch', stretch)} hint={`${STRETCH_MIN}–${STRETCH_MAX}×; a new limit fits the lines again`} testId="dub-view-stretch" />
      </div>
    </div>
  );
}
