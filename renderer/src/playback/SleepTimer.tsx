import * as Select from '@radix-ui/react-select';
import { Check, ChevronDown, Moon } from 'lucide-react';
import { useState } from 'react';
import { formatClock } from '../format';
import { usePlaybackCommand } from './usePlayback';

const OPTIONS = [
  { value: 'off', label: 'Sleep timer off' },
  { value: '15', label: '15 minutes' },
  { value: '30', label: '30 minutes' },
  { value: '60', label: '60 minutes' },
] as const;

interface Props {
  /** Elapsed second at which the fade-out ends the session, or null. */
  sleepAtSec: number | null;
  elapsedSec: number;
}

/** Fade out and stop after a while; the trigger shows the time left once a timer runs. */
export function SleepTimer({ sleepAtSec, elapsedSec }: Props) {
  const sleep = usePlaybackCommand('playback.sleepTimer');
  const [chosen, setChosen] = useState<string>('off');
  // The timer may end or be cleared elsewhere: the status is the truth, our choice only a label.
  const value = sleepAtSec === null ? 'off' : chosen === 'off' ? 'on' : chosen;
  const left = sleepAtSec === null ? null : Math.max(0, sleepAtSec - elapsedSec);

  return (
    <Select.Root
      value={value}
      onValueChange={(v) => {
        setChosen(v);
        sleep.mutate({ minutes: v === 'off' ? null : Number(v) });
      }}
    >
      <Select.Trigger className="sleep-trigger" aria-label="Sleep timer" data-testid="sleep-timer">
        <Moon size={16} aria-hidden="true" />
        <span className="tabular">{left === null ? 'Sleep' : formatClock(left)}</span>
        <Select.Icon>
          <ChevronDown size={14} aria-hidden="true" />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content className="menu" position="popper" side="top" sideOffset={8} align="end">
          <Select.Viewport>
            {value === 'on' ? (
              <Select.Item value="on" className="menu__item" disabled>
                <Select.ItemText>Timer running</Select.ItemText>
              </Select.Item>
            ) : null}
            {OPTIONS.map((o) => (
              <Select.Item key={o.value} value={o.value} className="menu__item" data-testid={`sleep-${o.value}`}>
                <Select.ItemText>{o.label}</Select.ItemText>
                <Select.ItemIndicator className="menu__check">
                  <Check size={14} aria-hidden="true" />
                </Select.ItemIndicator>
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
