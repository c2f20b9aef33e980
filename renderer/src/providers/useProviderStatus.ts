import { useQueryClient } from '@tanstack/react-query';
import { koruKey, useKoruEvent, useKoruQuery } from '../app/koru';

/** Every provider's key-free status, kept current by the `providers.status` event (a provider
 *  failing mid-ritual shows at once, wherever its status is on screen). */
export function useProviderStatus() {
  const queryClient = useQueryClient();
  const query = useKoruQuery('providers.status', {});
  useKoruEvent('providers.status', (statuses) => queryClient.setQueryData(koruKey('providers.status', {}), statuses));
  return query;
}
