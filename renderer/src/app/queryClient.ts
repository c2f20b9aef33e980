import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifyError } from './errors';

declare module '@tanstack/react-query' {
  interface Register {
    /** `silent`: the caller shows the failure itself (or it is a background poll). */
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** A call the socket dropped: retried once the connection is back (react-query waits for it). */
const lostConnection = (err: unknown) => (err as { code?: unknown } | null)?.code === 'DISCONNECTED';

/** Every failed invoke reaches the user as a toast, unless the caller handles it itself. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        // The badge says "Reconnecting…" and the query runs again once connected.
        if (!query.meta?.silent && !lostConnection(err)) notifyError(err);
      },
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        if (!mutation.meta?.silent) notifyError(err);
      },
    }),
    defaultOptions: {
      // Main is local: a failure is real, not a flaky network, so only a lost connection is
      // retried (a read is safe to repeat; a mutation may have happened, so it is not).
      queries: { retry: (count, err) => lostConnection(err) && count < 5, refetchOnWindowFocus: false, staleTime: 2_000 },
      mutations: { retry: false },
    },
  });
}
