import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { koruKey, useClient, useKoruEvent, useKoruQuery } from '../app/koru';

/** Today's counts, streak and history for a mantra; refreshed when main says they changed (a
 *  tap here, a repetition heard while a voiced practice plays, another window). */
export function usePracticeStats(mantraId: string | null, days = 30) {
  const queryClient = useQueryClient();
  useKoruEvent('practice.updated', (p) => {
    void queryClient.invalidateQueries({ queryKey: ['practice.stats', { mantraId: p.mantraId }], exact: false });
    void queryClient.invalidateQueries({ queryKey: koruKey('practice.stats', { mantraId: p.mantraId, days }) });
  });
  return useKoruQuery('practice.stats', { mantraId: mantraId ?? '', days }, { enabled: mantraId !== null });
}

/** The round's bell (the bowl voice, from main), fetched once and played in the page. */
export function useBell(): () => void {
  const client = useClient();
  const wav = useRef<Promise<string> | null>(null);
  return () => {
    wav.current ??= client.invoke('practice.bell', {}).then((b) => `data:audio/wav;base64,${b.wav}`);
    wav.current
      .then((url) => {
        const a = new Audio(url);
        return a.play();
      })
      // A browser that refuses to play (no gesture yet, jsdom) still shows the round's end.
      .catch(() => undefined);
  };
}
