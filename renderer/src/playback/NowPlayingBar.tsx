import { AlertTriangle, Pause, Play, Square, Volume1, Volume2, VolumeX } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { notifyError } from '../app/errors';
import { formatClock } from '../format';
import { Slider } from '../ui/Slider';
import { SleepTimer } from './SleepTimer';
import { usePlaybackCommand, usePlaybackEvents, usePlaybackStatus } from './usePlayback';

/** Arrow keys move the playhead this far (PageUp/PageDown and Shift+arrows ten times as far). */
const SEEK_STEP_SEC = 5;

interface Props {
  /** What Play starts when nothing is loaded: the session open in the editor. */
  selected: { id: string; name: string } | null;
}

/** Keys typed here belong to the control, not to the player. */
function ownsSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, button, a[href], [role="slider"], [role="combobox"], [role="option"], [role="menuitem"], [role="tab"], [role="checkbox"], [role="dialog"]')) return true;
  return false;
}

export function NowPlayingBar({ selected }: Props) {
  usePlaybackEvents();
  const status = usePlaybackStatus();
  const start = usePlaybackCommand('playback.start');
  const pause = usePlaybackCommand('playback.pause');
  const resume = usePlaybackCommand('playback.resume');
  const stop = usePlaybackCommand('playback.stop');
  const setVolume = usePlaybackCommand('playback.setVolume');
  const seek = usePlaybackCommand('playback.seek');

  const startId = selected?.id ?? status.sessionId;
  const canPlay = status.state !== 'idle' || startId !== null;
  const toggle = () => {
    if (status.state === 'playing') pause.mutate({});
    else if (status.state === 'paused') resume.mutate({});
    else if (startId) start.mutate({ id: startId });
  };

  // Space plays/pauses from anywhere except where Space already means something.
  const toggleRef = useRef(toggle);
  useEffect(() => {
    toggleRef.current = toggle;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' && e.key !== ' ') return;
      if (e.defaultPrevented || e.repeat || e.altKey || e.ctrlKey || e.metaKey || ownsSpace(e.target)) return;
      e.preventDefault();
      toggleRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A stop main decided on its own (device lost…) must not pass unnoticed.
  const lastError = status.lastError;
  useEffect(() => {
    if (lastError) notifyError(new Error(lastError), 'Playback stopped');
  }, [lastError]);

  // While the thumb moves, show the thumb; send at most every 120 ms, and the final value on release.
  const [dragVolume, setDragVolume] = useState<number | null>(null);
  const lastSent = useRef(0);
  const volume = dragVolume ?? status.volume;
  const VolumeIcon = volume === 0 ? VolumeX : volume < 0.5 ? Volume1 : Volume2;

  // The playhead follows the thumb while it is dragged, and stays there until main's reply.
  const [dragSec, setDragSec] = useState<number | null>(null);
  const duration = status.durationSec;
  const elapsed = dragSec ?? Math.min(status.elapsedSec, duration || status.elapsedSec);
  const seekable = status.state !== 'idle' && duration > 0;
  const title = status.sessionName ?? selected?.name ?? null;
  const announcement =
    status.state === 'playing' ? `Playing ${status.sessionName ?? ''}` : status.state === 'paused' ? 'Paused' : 'Stopped';

  return (
    <div className="now-playing" data-testid="now-playing">
      <div className="now-playing__info">
        <div className="now-playing__title" data-testid="now-playing-name">
          {title ?? <span className="muted">Nothing playing</span>}
        </div>
        <div className="now-playing__sub">
          <span className={`state state--${status.state}`} data-testid="playback-state">
            {status.state}
          </span>
          {status.output && status.state !== 'idle' ? <span className="muted">→ {status.output}</span> : null}
          {status.lateBlocks > 0 ? (
            <span className="warn" title="Audio blocks that reached the device late">
              <AlertTriangle size={12} aria-hidden="true" /> {status.lateBlocks} late
            </span>
          ) : null}
        </div>
      </div>

      <div className="now-playing__controls">
        {status.state === 'playing' ? (
          <button type="button" className="transport transport--main" aria-label="Pause" onClick={toggle} data-testid="pause">
            <Pause size={20} aria-hidden="true" />
          </button>
        ) : (
          <button
            type="button"
            className="transport transport--main"
            aria-label={status.state === 'paused' ? 'Resume' : selected ? `Play ${selected.name}` : 'Play'}
            onClick={toggle}
            disabled={!canPlay || start.isPending}
            data-testid="play"
          >
            <Play size={20} aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          className="transport"
          aria-label="Stop"
          onClick={() => stop.mutate({})}
          disabled={status.state === 'idle' || stop.isPending}
          data-testid="stop"
        >
          <Square size={16} aria-hidden="true" />
        </button>
      </div>

      <div className="now-playing__time">
        <span className="tabular" data-testid="elapsed">
          {formatClock(elapsed)}
        </span>
        <Slider
          label="Position"
          value={elapsed}
          min={0}
          max={Math.max(duration, 1)}
          step={SEEK_STEP_SEC}
          valueText={`${formatClock(elapsed)} of ${formatClock(duration)}`}
          disabled={!seekable}
          onChange={setDragSec}
          onCommit={(sec) => {
            setDragSec(sec);
            seek.mutate({ sec }, { onSettled: () => setDragSec(null) });
          }}
          testId="seek"
          className="slider--time"
        />
        <span className="tabular muted" data-testid="duration">
          {formatClock(duration)}
        </span>
      </div>

      <div className="now-playing__extras">
        <div className="volume">
          <VolumeIcon size={18} aria-hidden="true" className="muted" />
          <Slider
            label="Playback volume"
            value={volume}
            valueText={`${Math.round(volume * 100)}%`}
            onChange={(v) => {
              setDragVolume(v);
              const now = performance.now();
              if (now - lastSent.current > 120) {
                lastSent.current = now;
                setVolume.mutate({ volume: v });
              }
            }}
            onCommit={(v) => {
              // Hold the thumb where it was let go until main's reply carries the new volume.
              setVolume.mutate({ volume: v }, { onSettled: () => setDragVolume(null) });
            }}
            testId="volume"
            className="slider--volume"
          />
        </div>
        <SleepTimer sleepAtSec={status.sleepAtSec} elapsedSec={status.elapsedSec} idle={status.state === 'idle'} />
      </div>

      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
