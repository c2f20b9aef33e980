import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../../contract';
import type { Ritual, RitualStatus } from '../../../contract/rituals';
import { notifyError } from '../app/errors';
import { koruKey, useKoruEvent } from '../app/koru';

export type RitualProgressEvent = EventPayload<'ritual.progress'>;

/** Where the latest pushed progress of a ritual lives: one cache entry per ritual id. */
const progressKey = (id: string) => ['ritual.progress', id] as const;

export const isWorking = (status: RitualStatus) => status === 'writing' || status === 'voicing';

/**
 * Subscribe (once, in the app shell) to main's ritual events: progress lands in the cache
 * where every bar reads it, and a changed ritual refreshes the library and its own view.
 */
export function useRitualEvents(): void {
  const queryClient = useQueryClient();
  useKoruEvent('ritual.progress', (p) => {
    queryClient.setQueryData(progressKey(p.id), p);
    // A job fails after its generate call has returned, so no mutation reports it: the
    // message (which names the provider and what to do) becomes a toast here.
    if (p.stage === 'failed') notifyError(new Error(p.message || 'The ritual could not be finished'), 'Ritual');
    // A finished, failed or cancelled job changes what the view shows (script, status, error).
    if (!isWorking(p.stage)) void queryClient.invalidateQueries({ queryKey: koruKey('rituals.get', { id: p.id }) });
  });
  useKoruEvent('ritual.updated', ({ id, ritual }) => {
    void queryClient.invalidateQueries({ queryKey: ['rituals.list'] });
    if (ritual === null) queryClient.removeQueries({ queryKey: koruKey('rituals.get', { id }) });
    else void queryClient.invalidateQueries({ queryKey: koruKey('rituals.get', { id }) });
  });
}

export interface RitualProgress {
  stage: RitualStatus;
  done: number;
  total: number;
  message: string;
  /** 0..1 of the whole job: writing is the first step, then one step per voiced segment. */
  fraction: number;
}

/**
 * The progress to show for a ritual: the latest pushed event while the job runs, the stored
 * ritual's own counts otherwise (e.g. after visiting another page, when events were missed).
 * A stored terminal status wins over an older pushed "voicing".
 */
export function useRitualProgress(ritual: Pick<Ritual, 'id' | 'status' | 'segments'>): RitualProgress {
  const pushed = useQuery<RitualProgressEvent | null>({
    queryKey: progressKey(ritual.id),
    queryFn: () => null,
    initialData: null,
    staleTime: Infinity,
  }).data;
  const fromStore = { stage: ritual.status, done: ritual.segments.done, total: ritual.segments.total, message: '' };
  const p = pushed && (isWorking(ritual.status) || !isWorking(pushed.stage)) ? pushed : fromStore;
  return { ...p, fraction: progressFraction(p.stage, p.done, p.total) };
}

export function progressFraction(stage: RitualStatus, done: number, total: number): number {
  if (stage === 'ready') return 1;
  if (stage === 'writing' || total <= 0) return 0;
  // Writing counts as one step ahead of the segments, so the bar moves as soon as voicing starts.
  return Math.min(1, (1 + Math.min(done, total)) / (1 + total));
}
