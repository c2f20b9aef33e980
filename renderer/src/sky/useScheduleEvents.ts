import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { toast } from 'sonner';
import { koruKey, useKoruEvent, useKoruQuery } from '../app/koru';
import { formatWhen } from './format';

/**
 * Once, in the app shell: schedule notices become toasts (a start is near, happened, failed or
 * was missed), changed schedules refresh the list, and starts missed while Koru was closed —
 * found when main started — are said once when the app opens.
 */
export function useScheduleEvents(): void {
  const queryClient = useQueryClient();
  useKoruEvent('schedule.notice', (n) => {
    const opts = { id: `schedule-${n.id}-${n.kind}-${n.at}`, description: formatWhen(n.at) };
    if (n.kind === 'failed' || n.kind === 'missed') toast.warning(n.message, opts);
    else if (n.kind === 'upcoming') toast.info(n.message, { ...opts, duration: 15_000 });
    else toast.success(n.message, opts);
  });
  useKoruEvent('schedule.updated', () => void queryClient.invalidateQueries({ queryKey: koruKey('schedules.list') }));

  const list = useKoruQuery('schedules.list', {});
  const told = useRef(new Set<string>());
  useEffect(() => {
    for (const s of list.data ?? []) {
      if (!s.missedAt || told.current.has(`${s.id}@${s.missedAt}`)) continue;
      told.current.add(`${s.id}@${s.missedAt}`);
      toast.warning(`${s.title} was due while Koru was not running; it was not played late.`, { id: `missed-${s.id}-${s.missedAt}`, description: formatWhen(s.missedAt) });
    }
  }, [list.data]);
}
