import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifyError } from './errors';

declare module '@tanstack/react-query' {
  interface Register {
    /** `silent`: the caller shows the failure itself (or it is a background poll). */
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** Every failed invoke reaches the user as a toast, unless the caller handles it itself. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        if (!query.meta?.silent) notifyError(err);
      },
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        if (!mutation.meta?.silent) notifyError(err);
      },
    }),
    defaultOptions: {
      // Main is local: a failure is real, not a flaky network, so retrying only delays the toast.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 2_000 },
      mutations: { retry: false },
    },
  });
}
