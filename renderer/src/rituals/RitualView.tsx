import { StatusPill } from '../ui/StatusPill';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Info, Play, RefreshCw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { Ritual } from '../../../contract/rituals';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { ExportPanel } from '../export/ExportPanel';
import { ScheduleButton } from '../sky/ScheduleButton';
import { JobActivity } from '../jobs/JobActivity';
import { formatClock, formatMinutes } from '../format';
import { PROVIDER_NAMES } from '../providers/names';
import { RitualProgress } from './RitualProgress';
import { isWorking, useRitualProgress } from './useRituals';
import { useSpokenSection } from './useSpokenSection';

/** One stored ritual: its state, the script section by section, Play and Export. */
export function RitualView({ id, focusTitle = false }: { id: string; focusTitle?: boolean }) {
  const ritual = useKoruQuery('rituals.get', { id });
  if (ritual.isPending) return <p className="muted empty">Loading…</p>;
  if (!ritual.data) return <p className="muted empty">This ritual could not be loaded.</p>;
  return <RitualDetail ritual={ritual.data} focusTitle={focusTitle} />;
}

function RitualDetail({ ritual, focusTitle }: { ritual: Ritual; focusTitle: boolean }) {
  const queryClient = useQueryClient();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) title.current?.focus();
  }, [focusTitle]);
  const progress = useRitualProgress(ritual);
  const working = isWorking(progress.stage);
  const play = useKoruMutation('rituals.play', {
    onSuccess: (status) => queryClient.setQueryData(koruKey('playback.status', {}), status),
  });
  const resume = useKoruMutation('rituals.resume');
  const regenerate = useKoruMutation('rituals.regenerateSection', {
    onSuccess: (r) => queryClient.setQueryData(koruKey('rituals.get', { id: r.id }), r),
  });
  // Narration plays as soon as its first segment exists; later ones keep synthesizing.
  const playable = progress.stage === 'ready' || (progress.stage === 'voicing' && progress.done > 0);
  const { request, script, speech } = ritual;
  const presets = useKoruQuery('presets.list', {}, { staleTime: Infinity });
  const bedName = presets.data?.find((p) => p.id === request.bed)?.name ?? request.bed;
  const speaking = useSpokenSection(ritual.id);
  // Follow the voice down the script, without yanking the page if the section is already in view.
  const speakingRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (speaking === null) return;
    const calm = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    speakingRef.current?.scrollIntoView?.({ block: 'nearest', behavior: calm ? 'auto' : 'smooth' });
  }, [speaking]);

  return (
    <article className="ritual" aria-labelledby="ritual-title">
      <header className="editor__header">
        <div className="editor__title">
          <h2 id="ritual-title" ref={title} tabIndex={-1} data-testid="ritual-title">
            {ritual.title}
          </h2>
          <StatusPill status={progress.stage} testId="ritual-status">
            {progress.stage}
          </StatusPill>
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            disabled={!playable || play.isPending}
            onClick={() => play.mutate({ id: ritual.id })}
            data-testid="ritual-play"
          >
            <Play size={16} aria-hidden="true" /> Play
          </button>
          <ScheduleButton target={{ kind: 'ritual', id: ritual.id }} title={ritual.title} disabled={ritual.status !== 'ready'} />
        </div>
      </header>

      <p className="ritual__meta muted">
        {ritual.durationSec > 0 ? formatMinutes(ritual.durationSec) : `${request.minutes} min requested`}
        {request.focus.length ? ` · ${request.focus.join(', ')}` : ''} · {request.style}
        {request.bed === 'none' ? ' · no tone bed' : ` · bed: ${bedName}`}
        {speech ? ` · voice: ${PROVIDER_NAMES[speech.provider]} ${speech.voice}` : ''}
      </p>
      <p className="ritual__intention">{request.intention}</p>

      <RitualProgress ritual={ritual} />

      {ritual.status === 'failed' || ritual.status === 'cancelled' ? (
        <div className="alert" role={ritual.status === 'failed' ? 'alert' : 'status'} data-testid="ritual-error">
          <AlertTriangle size={18} aria-hidden="true" />
          <div>
            <strong>{ritual.status === 'failed' ? 'This ritual could not be finished' : 'Generation was cancelled'}</strong>
            {ritual.error ? <p>{ritual.error}</p> : null}
            <button
              type="button"
              className="button"
              disabled={resume.isPending || working}
              onClick={() => resume.mutate({ id: ritual.id })}
              data-testid="ritual-resume"
            >
              <RefreshCw size={16} aria-hidden="true" /> Resume
            </button>
            <span className="muted"> Sections already voiced are kept.</span>
          </div>
        </div>
      ) : null}

      {speech?.provider === 'offline' ? <OfflineVoiceNote /> : null}

      <JobActivity kind="ritual" subject={ritual.id} />

      <section className="panel" aria-labelledby="script-heading">
        <header className="panel__header">
          <h3 id="script-heading">Script</h3>
          {script ? <span className="muted">{script.sections.length} sections</span> : null}
        </header>
        {script ? (
          <ol className="sections">
            {script.sections.map((s, i) => (
              <li
                key={i}
                className={`section${speaking === i ? ' section--speaking' : ''}`}
                aria-current={speaking === i ? 'true' : undefined}
                ref={speaking === i ? speakingRef : undefined}
                data-testid="ritual-section"
              >
                <div className="section__head">
                  <span className="badge">{s.kind}</span>
                  {speaking === i ? (
                    <span className="badge badge--speaking" data-testid="ritual-speaking">
                      Speaking now
                    </span>
                  ) : null}
                  <span className="muted tabular">{s.pauseAfterSec > 0 ? `then ${formatClock(s.pauseAfterSec)} of silence` : 'no pause'}</span>
                  <button
                    type="button"
                    className="button button--ghost section__regen"
                    disabled={working || regenerate.isPending}
                    onClick={() => regenerate.mutate({ id: ritual.id, index: i })}
                    aria-label={`Regenerate section ${i + 1} (${s.kind})`}
                    data-testid={`ritual-regenerate-${i}`}
                  >
                    <RefreshCw size={14} aria-hidden="true" />
                    {regenerate.isPending && regenerate.variables?.index === i ? 'Regenerating…' : 'Regenerate this section'}
                  </button>
                </div>
                <p className="section__text">{s.text}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{working ? 'The script appears here once it is written.' : 'No script was written.'}</p>
        )}
      </section>

      <ExportPanel
        channel="rituals.export"
        id={ritual.id}
        name={ritual.title}
        disabled={progress.stage !== 'ready'}
        note={progress.stage !== 'ready' ? 'Export is available once every segment is voiced.' : 'Narration and tone bed, mixed into one file.'}
        testId="ritual-export"
      />
    </article>
  );
}

/** Why the offline voice spoke: no key at all (say where to add one), or a keyed provider failed
 *  (the activity log above says which and why; never tell someone with a key to add one). */
function OfflineVoiceNote() {
  const status = useKoruQuery('providers.status', {});
  const keyed = (status.data ?? []).some((p) => p.provider !== 'offline' && p.configured);
  return (
    <p className="note" data-testid="ritual-offline-voice">
      <Info size={16} aria-hidden="true" />
      <span>
        {keyed
          ? 'Spoken by the offline voice: the cloud voices could not speak it (see Activity). Resume or regenerate once they are reachable.'
          : 'Offline voice — add a key in Settings → Providers for natural voices.'}
      </span>
    </p>
  );
}
