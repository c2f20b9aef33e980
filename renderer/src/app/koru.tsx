import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useMutation, useQuery, type UseMutationOptions, type UseQueryOptions } from '@tanstack/react-query';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../../contract';
import type { KoruClient } from '../client/types';

const ClientContext = createContext<KoruClient | null>(null);

export function ClientProvider({ client, children }: { client: KoruClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): KoruClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside <ClientProvider>');
  return client;
}

/** Query keys start with the channel name, so invalidating ['sessions.list'] hits every search. */
export function koruKey<C extends Channel>(channel: C, input?: ChannelInput<C>): readonly unknown[] {
  return input === undefined ? [channel] : [channel, input];
}

type QueryOpts<C extends Channel> = Omit<UseQueryOptions<ChannelOutput<C>, Error>, 'queryKey' | 'queryFn'>;

export function useKoruQuery<C extends Channel>(channel: C, input: ChannelInput<C>, options?: QueryOpts<C>) {
  const client = useClient();
  return useQuery<ChannelOutput<C>, Error>({
    queryKey: koruKey(channel, input),
    queryFn: () => client.invoke(channel, input),
    ...options,
  });
}

type MutationOpts<C extends Channel> = Omit<UseMutationOptions<ChannelOutput<C>, Error, ChannelInput<C>>, 'mutationFn'>;

export function useKoruMutation<C extends Channel>(channel: C, options?: MutationOpts<C>) {
  const client = useClient();
  return useMutation<ChannelOutput<C>, Error, ChannelInput<C>>({
    mutationFn: (input) => client.invoke(channel, input),
    ...options,
  });
}

/** Subscribe to a pushed event for the component's lifetime; the latest callback always runs. */
export function useKoruEvent<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): void {
  const client = useClient();
  const ref = useRef(cb);
  useEffect(() => {
    ref.current = cb;
  });
  useEffect(() => client.on(event, (payload) => ref.current(payload)), [client, event]);
}
