import * as RadixDialog from '@radix-ui/react-dialog';
import { Maximize, Minimize, Pause, Play, Square, X } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import { notifyError } from '../app/errors';
import { readDraft, writeDraft } from '../app/stored-draft';
import { usePlaybackCommand, usePlaybackStatus } from '../playback/usePlayback';
import { isPattern, PATTERNS, type Pattern } from './draw';
import { useFullscreen, useIdle, useReducedMotion } from './hooks';
import { VisualsCanvas } from './VisualsCanvas';
import './visuals.css';

const PATTERN_KEY = 'koru.visuals.pattern';
/** Controls fade out after this long without a mouse move or a key. */
export const CONTROLS_IDLE_MS = 2500;

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * The visuals over the whole window (or the whole screen): a pattern picker, calm mode, the
 * player's pause/stop, full screen and close. The controls hide while the mouse rests.
 */
export function VisualsOverlay({ open, onOpenChange }: Props) {
  const [pattern, setPatternState] = useState<Pattern>(() => {
    const stored = readDraft(PATTERN_KEY);
    return isPattern(stored) ? stored : 'flower';
  });
  const setPattern = (p: Pattern) => {
    setPatternState(p);
    writeDraft(PATTERN_KEY, p);
  };
  const reduced = useReducedMotion();
  const [calmChoice, setCalmChoice] = useState<boolean | null>(null);
  const calm = calmChoice ?? reduced;
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const fullscreen = useFullscreen(root);
  const [overControls, setOverControls] = useState(false);
  const { idle, wake } = useIdle(CONTROLS_IDLE_MS, overControls);

  const status = usePlaybackStatus();
  const pause = usePlaybackCommand('playback.pause');
  const resume = usePlaybackCommand('playback.resume');
  const stop = usePlaybackCommand('playback.stop');
  const toggle = () => (status.state === 'playing' ? pause.mutate({}) : status.state === 'paused' ? resume.mutate({}) : undefined);

  const toggleFullscreen = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await root?.requestFullscreen();
    } catch {
      // The browser refused (no user gesture, an iframe without permission…): say so plainly.
      notifyError(new Error('This window cannot go full screen here.'), 'Full screen');
    }
  };

  const close = (next: boolean) => {
    if (!next && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    onOpenChange(next);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    wake();
    const t = e.target as HTMLElement;
    // Space pauses and resumes, as in the player, unless a control owns it; f toggles full screen.
    if ((e.key === ' ' || e.key === 'f') && !e.repeat && !t.closest('button, input, label')) {
      e.preventDefault();
      if (e.key === ' ') toggle();
      else void toggleFullscreen();
    }
  };

  return (
    <RadixDialog.Root open={open} onOpenChange={close}>
      <RadixDialog.Portal>
        <RadixDialog.Content
          ref={setRoot}
          className={`visuals${idle ? ' visuals--idle' : ''}`}
          data-testid="visuals"
          data-controls={idle ? 'hidden' : 'shown'}
          aria-describedby="visuals-summary"
          onPointerMove={(e) => {
            // Asked on every move rather than trusted to enter/leave: a control removed under the
            // pointer (Stop, once stopped) never sends its bar a leave, which held the controls.
            setOverControls(e.target instanceof Element && e.target.closest('.visuals__controls') !== null);
            wake();
          }}
          onPointerDown={wake}
          onKeyDown={onKeyDown}
          onEscapeKeyDown={(e) => {
            // Esc leaves full screen first (where the browser has not already), then closes.
            if (document.fullscreenElement) {
              e.preventDefault();
              void document.exitFullscreen().catch(() => undefined);
            }
          }}
        >
          <VisualsCanvas pattern={pattern} calm={calm} />
          <div className="visuals__controls" onPointerEnter={() => setOverControls(true)} onPointerLeave={() => setOverControls(false)} onFocus={wake}>
            <RadixDialog.Title className="visuals__title">Visuals</RadixDialog.Title>
            <fieldset className="visuals__patterns">
              <legend className="visually-hidden">Pattern</legend>
              {PATTERNS.map((p) => (
                <label key={p.id} className="visuals__pattern">
                  <input type="radio" name="visuals-pattern" value={p.id} checked={pattern === p.id} onChange={() => setPattern(p.id)} data-testid={`visuals-pattern-${p.id}`} />
                  {p.label}
                </label>
              ))}
            </fieldset>
            <label className="visuals__calm" title={reduced ? 'Your system asks for reduced motion' : undefined}>
              <input type="checkbox" checked={calm} onChange={(e) => setCalmChoice(e.target.checked)} data-testid="visuals-calm" />
              Calm
            </label>
            <span className="visuals__spacer" />
            {status.state === 'idle' ? (
              <span className="visuals__hint muted" data-testid="visuals-hint">
                Play a session or a ritual to set it moving.
              </span>
            ) : (
              <>
                <button type="button" className="icon-button" onClick={toggle} aria-label={status.state === 'playing' ? 'Pause' : 'Resume'} data-testid="visuals-toggle">
                  {status.state === 'playing' ? <Pause size={18} aria-hidden="true" /> : <Play size={18} aria-hidden="true" />}
                </button>
                <button type="button" className="icon-button" onClick={() => stop.mutate({})} aria-label="Stop" data-testid="visuals-stop">
                  <Square size={16} aria-hidden="true" />
                </button>
              </>
            )}
            <button type="button" className="icon-button" onClick={() => void toggleFullscreen()} aria-label={fullscreen ? 'Leave full screen' : 'Full screen'} aria-pressed={fullscreen} data-testid="visuals-fullscreen">
              {fullscreen ? <Minimize size={18} aria-hidden="true" /> : <Maximize size={18} aria-hidden="true" />}
            </button>
            <RadixDialog.Close className="icon-button" aria-label="Close visuals" data-testid="visuals-close">
              <X size={18} aria-hidden="true" />
            </RadixDialog.Close>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
