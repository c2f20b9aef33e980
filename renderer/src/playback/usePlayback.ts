import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlaybackStatus } from '../../../contract';
import { koruKey, useClient, useKoruEvent, useKoruMutation } from '../app/koru';

export const IDLE: PlaybackStatus = {
  state: 'idle',
  sessionId: null,
  sessionName: null,
  elapsedSec: 0,
  durationSec: 0,
  volume: 0.7,
  sleepAtSec: null,
  output: '',
  lateBlocks: 0,
  lastError: null,
  spoken: null,
};

const STATUS_KEY = koruKey('playback.status', {});

/** Status pushes seen per cache, so a fetch that was already in flight when a push arrived
 *  cannot overwrite the newer pushed status with its older answer. */
const pushes = new WeakMap<QueryClient, number>();

/** The player's status: fetched once, then kept current by main's pushed events (and by the
 *  replies to our own commands) in one cache entry everyone reads. */
export function usePlaybackStatus(): PlaybackStatus {
  const client = useClient();
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: STATUS_KEY,
    queryFn: async () => {
      const seen = pushes.get(queryClient) ?? 0;
      const fetched = await client.invoke('playback.status', {});
      const cached = queryClient.getQueryData<PlaybackStatus>(STATUS_KEY);
      return (pushes.get(queryClient) ?? 0) !== seen && cached ? cached : fetched;
    },
    staleTime: Infinity,
  });
  return q.data ?? IDLE;
}

/** Subscribe once (in the now-playing bar) so every status push lands in the cache. */
export function usePlaybackEvents(): void {
  const queryClient = useQueryClient();
  useKoruEvent('playback.status', (status) => {
    pushes.set(queryClient, (pushes.get(queryClient) ?? 0) + 1);
    queryClient.setQueryData(STATUS_KEY, status);
  });
}

/** A playback command whose reply is the new status. */
export function usePlaybackCommand<C extends 'playback.start' | 'playback.pause' | 'playback.resume' | 'playback.stop' | 'playback.setVolume' | 'playback.sleepTimer' | 'playback.seek'>(channel: C) {
  const queryClient = useQueryClient();
  return useKoruMutation(channel, {
    onSuccess: (status) => queryClient.setQueryData(STATUS_KEY, status),
  });
}
