import { useEffect, useState } from 'react';
import { usePlaybackStatus } from '../playback/usePlayback';

/** The script section (index into script.sections) the player is speaking now, while this ritual
 *  plays. Between segments main says nothing is spoken; the section that spoke last stays lit
 *  through the silence until the next begins, so the highlight does not flicker. */
export function useSpokenSection(ritualId: string): number | null {
  const status = usePlaybackStatus();
  const mine = status.sessionId === ritualId && status.state !== 'idle';
  const group = mine ? (status.spoken?.group ?? null) : null;
  const [held, setHeld] = useState<number | null>(null);
  useEffect(() => {
    if (!mine) setHeld(null);
    else if (group !== null) setHeld(group);
  }, [mine, group]);
  return mine ? (group ?? held) : null;
}
