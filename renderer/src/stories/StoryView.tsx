import { StatusPill } from '../ui/StatusPill';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Play, RefreshCw, RotateCcw, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { STORY_READY, type Story } from '../../../contract/stories';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { ExportPanel } from '../export/ExportPanel';
import { formatClock, formatMinutes } from '../format';
import { JobActivity } from '../jobs/JobActivity';
import { usePlaybackStatus } from '../playback/usePlayback';
import { PROVIDER_NAMES } from '../providers/names';
import { isWorking } from './useStories';

const STAGE: Record<Story['status'], string> = {
  pending: 'Waiting to start…',
  analyzing: 'Reading the code',
  generating: 'Writing the script',
  synthesizing: 'Voicing',
  completed: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function StoryView({ id }: { id: string }) {
  const story = useKoruQuery('stories.get', { id });
  if (story.isPending) return <p className="muted empty">Loading…</p>;
  if (!story.data) return <p className="muted empty">This story could not be loaded.</p>;
  return <StoryDetail story={story.data} />;
}

/** One story: live progress and log while it is made, then the player's chapter list (click to
 *  seek) and the transcript following playback, the cover and export. */
function StoryDetail({ story }: { story: Story }) {
  const queryClient = useQueryClient();
  const setStatus = { onSuccess: (status: unknown) => queryClient.setQueryData(koruKey('playback.status', {}), status) };
  const play = useKoruMutation('stories.play', setStatus);
  const seek = useKoruMutation('playback.seek', setStatus);
  const cancel = useKoruMutation('stories.cancel');
  const resume = useKoruMutation('stories.resume');
  const restart = useKoruMutation('stories.restart');
  const cover = useKoruQuery('stories.cover', { id: story.id }, { enabled: story.repo !== null, staleTime: Infinity });
  const playback = usePlaybackStatus();
  const mine = playback.sessionId === story.id && playback.state !== 'idle';
  const working = isWorking(story.status);
  // Play starts as soon as the first segment is voiced; later chapters keep coming.
  const playable = story.status === 'completed' || (story.status === 'synthesizing' && story.segments.done > 0);
  const at = mine ? playback.elapsedSec : -1;
  const currentLine = story.transcript.findIndex((l) => at >= l.startSec && at < l.endSec + 0.7);
  const currentChapter = story.chapters.reduce((c, ch, i) => (at >= ch.startSec ? i : c), -1);
  const lineRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (currentLine >= 0) lineRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [currentLine]);

  const seekTo = async (sec: number) => {
    if (!mine) await play.mutateAsync({ id: story.id });
    seek.mutate({ sec });
  };
  const pct = Math.round(story.progress);

  return (
    <article className="story" aria-labelledby="story-title">
      <header className="editor__header">
        <div className="editor__title">
          <h2 id="story-title" data-testid="story-title">
            {story.title}
          </h2>
          <StatusPill status={story.status} testId="story-status">
            {story.status === 'completed' ? 'ready' : story.status}
          </StatusPill>
        </div>
        <div className="button-row">
          <button type="button" className="button button--primary" disabled={!playable || play.isPending} onClick={() => play.mutate({ id: story.id })} data-testid="story-play">
            <Play size={16} aria-hidden="true" /> Play
          </button>
          <button type="button" className="button" disabled={restart.isPending} onClick={() => restart.mutate({ id: story.id })} data-testid="story-restart" title="Make it again from scratch">
            <RotateCcw size={16} aria-hidden="true" /> Restart
          </button>
        </div>
      </header>

      <div className="story__head">
        {cover.data ? <img className="story__cover" src={`data:image/png;base64,${cover.data.png}`} alt={`Cover of ${story.title}`} width={160} height={160} data-testid="story-cover" /> : null}
        <div>
          <p className="ritual__meta muted">
            {story.durationSec > 0 ? formatMinutes(story.durationSec) : `${story.request.minutes} min requested`} · {story.request.style} · {story.request.depth}
            {story.intent?.focus.length ? ` · ${story.intent.focus.join(', ')}` : ''}
            {story.writer ? ` · written by ${story.writer === 'offline' ? 'the offline writer' : PROVIDER_NAMES[story.writer]}` : ''}
            {story.speakers.length ? ` · voiced by ${PROVIDER_NAMES[story.speakers[0]!.provider]} (${story.speakers.map((s) => s.voice).join(', ')})` : ''}
          </p>
          {story.repo ? (
            <p className="muted" data-testid="story-repo">
              {story.repo.label}
              {story.repo.commit ? ` @ ${story.repo.commit.slice(0, 10)}` : ''} · {story.repo.files} files · {story.repo.languages.slice(0, 3).map((l) => `${l.name} ${Math.round(l.share * 100)}%`).join(', ')}
            </p>
          ) : null}
          {story.status === 'completed' && story.message !== STORY_READY ? (
            <p className="field__hint" role="note" data-testid="story-note">
              {story.message}
            </p>
          ) : null}
          {story.script ? <p>{story.script.summary}</p> : null}
        </div>
      </div>

      {working ? (
        <section className="ritual-progress" aria-label="Progress">
          <div className="ritual-progress__head">
            <span className="ritual-progress__stage" data-testid="story-stage">
              {STAGE[story.status]}
            </span>
            <span className="tabular muted">
              {story.segments.total > 0 ? `${story.segments.done}/${story.segments.total} segments · ` : ''}
              {pct}%
            </span>
          </div>
          <div className="progress" role="progressbar" aria-label="Story progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="story-progress">
            <div className="progress__fill" style={{ width: `${pct}%` }} />
          </div>
          <div className="ritual-progress__foot">
            <span className="muted" role="status" aria-live="polite" data-testid="story-message">
              {story.message}
            </span>
            <button type="button" className="button" onClick={() => cancel.mutate({ id: story.id })} disabled={cancel.isPending} data-testid="story-cancel">
              <X size={16} aria-hidden="true" /> Cancel
            </button>
          </div>
        </section>
      ) : null}

      {story.status === 'failed' || story.status === 'cancelled' ? (
        <div className="alert" role={story.status === 'failed' ? 'alert' : 'status'} data-testid="story-error">
          <AlertTriangle size={18} aria-hidden="true" />
          <div>
            <strong>{story.status === 'failed' ? 'This story could not be finished' : 'Generation was cancelled'}</strong>
            {story.error ? <p>{story.error}</p> : null}
            <button type="button" className="button" disabled={resume.isPending} onClick={() => resume.mutate({ id: story.id })} data-testid="story-resume">
              <RefreshCw size={16} aria-hidden="true" /> Resume
            </button>
            <span className="muted"> It goes on from the step it stopped at; voiced parts are kept.</span>
          </div>
        </div>
      ) : null}

      <JobActivity kind="story" subject={story.id} open={working} />

      {story.script ? (
        <section className="panel" aria-labelledby="chapters-heading">
          <header className="panel__header">
            <h3 id="chapters-heading">Chapters</h3>
            <span className="muted">{story.script.chapters.length}</span>
          </header>
          <ol className="story-chapters">
            {story.script.chapters.map((c, i) => {
              const start = story.chapters[i]?.startSec;
              return (
                <li key={i} className={currentChapter === i ? 'story-chapter story-chapter--current' : 'story-chapter'} aria-current={currentChapter === i ? 'true' : undefined}>
                  <button type="button" className="button button--ghost" disabled={start === undefined || !playable} onClick={() => start !== undefined && void seekTo(start)} data-testid="story-chapter">
                    <span className="tabular muted">{start !== undefined ? formatClock(start) : '–:––'}</span> {c.title}
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      {story.transcript.length > 0 ? (
        <section className="panel story-transcript" aria-labelledby="transcript-heading">
          <header className="panel__header">
            <h3 id="transcript-heading">Transcript</h3>
          </header>
          <div className="story-transcript__lines">
            {story.transcript.map((l, i) => (
              <p key={i} ref={i === currentLine ? lineRef : undefined} className={i === currentLine ? 'story-line story-line--current' : 'story-line'} aria-current={i === currentLine ? 'true' : undefined} data-testid={i === currentLine ? 'story-line-current' : 'story-line'}>
                <span className="tabular muted">{formatClock(l.startSec)}</span> {story.request.style === 'podcast' ? <strong>{l.speaker === 'host' ? 'Host' : 'Guest'}: </strong> : null}
                {l.text}
              </p>
            ))}
          </div>
        </section>
      ) : null}

      <ExportPanel channel="stories.export" id={story.id} name={story.title} disabled={story.status !== 'completed'} note={story.status !== 'completed' ? 'Export is available once the story is ready.' : 'MP3 with chapter marks (or WAV), with the chapters JSON, the transcript and the cover beside it.'} testId="story-export" />
    </article>
  );
}
