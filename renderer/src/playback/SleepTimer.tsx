import * as Popover from '@radix-ui/react-popover';
import { Moon } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { channels } from '../../../contract';
import { errorMessage } from '../app/errors';
import { formatClock } from '../format';
import { usePlaybackCommand } from './usePlayback';

/** The contract's bounds for the timer, read from its schema so they live in one place. */
const MINUTES = channels['playback.sleepTimer'].input.shape.minutes.unwrap();
export const SLEEP_MIN_MINUTES = MINUTES.minValue ?? 0.1;
export const SLEEP_MAX_MINUTES = MINUTES.maxValue ?? 24 * 60;
const QUICK = [15, 30, 45, 60, 90];

interface Props {
  /** Elapsed second at which the fade-out ends the session, or null. While idle: an armed
   *  timer, due that long after Play. */
  sleepAtSec: number | null;
  elapsedSec: number;
  idle: boolean;
}

/** Fade out and stop after any number of minutes; the trigger shows the time left once a timer runs. */
export function SleepTimer({ sleepAtSec, elapsedSec, idle }: Props) {
  const sleep = usePlaybackCommand('playback.sleepTimer');
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('30');
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const left = sleepAtSec === null ? null : Math.max(0, sleepAtSec - elapsedSec);

  const apply = (minutes: number | null) =>
    sleep.mutate(
      { minutes },
      {
        onSuccess: () => {
          setProblem(null);
          setOpen(false);
        },
        onError: (err) => setProblem(errorMessage(err)),
      },
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minutes = Number(text.replace(',', '.'));
    if (!text.trim() || !Number.isFinite(minutes)) return setProblem('Enter a number of minutes.');
    if (minutes < SLEEP_MIN_MINUTES || minutes > SLEEP_MAX_MINUTES) return setProblem(`Choose between ${SLEEP_MIN_MINUTES} and ${SLEEP_MAX_MINUTES} minutes.`);
    apply(minutes);
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setProblem(null);
      }}
    >
      <Popover.Trigger className="sleep-trigger" aria-label={left === null ? 'Sleep timer' : `Sleep timer: ${formatClock(left)} left`} data-testid="sleep-timer">
        <Moon size={16} aria-hidden="true" />
        <span className="tabular" data-testid="sleep-left">
          {left === null ? 'Sleep' : formatClock(left)}
        </span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="menu sleep-popover" side="top" sideOffset={8} align="end" aria-label="Sleep timer" data-testid="sleep-popover">
          <form onSubmit={submit} noValidate>
            <label className="field__label" htmlFor={inputId}>
              Fade out and stop after
            </label>
            <div className="sleep-popover__row">
              <input
                id={inputId}
                className="input tabular"
                type="number"
                inputMode="decimal"
                min={SLEEP_MIN_MINUTES}
                max={SLEEP_MAX_MINUTES}
                step="any"
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${inputId}-hint`}
                data-testid="sleep-minutes"
              />
              <span className="muted">minutes</span>
              <button type="submit" className="button button--primary" disabled={sleep.isPending} data-testid="sleep-set">
                Set
              </button>
            </div>
            <div className="button-row sleep-popover__quick">
              {QUICK.map((m) => (
                <button key={m} type="button" className="button button--ghost" onClick={() => apply(m)} data-testid={`sleep-${m}`}>
                  {m} min
                </button>
              ))}
            </div>
            <p id={`${inputId}-hint`} className={problem ? 'field__error' : 'field__hint'} role={problem ? 'alert' : undefined}>
              {problem ??
                (left === null
                  ? 'Counts playing time, so a pause pauses it.'
                  : idle
                    ? `Set for ${formatClock(left)}: it starts counting when you press Play.`
                    : `Stops in ${formatClock(left)}.`)}
            </p>
            {left !== null ? (
              <button type="button" className="button" onClick={() => apply(null)} data-testid="sleep-off">
                Turn the timer off
              </button>
            ) : null}
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
