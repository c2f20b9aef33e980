import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../../contract';
import { ConnectionProvider, createConnectionStore, type ConnectionStore } from '../app/connection';
import { ClientProvider } from '../app/koru';
import { createQueryClient } from '../app/queryClient';
import type { KoruClient } from '../client/types';

type Handlers = { [C in Channel]?: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

/** A KoruClient in memory: records every call, answers from `handlers`, and lets a test push
 *  events as main would. A channel without a handler fails like a real error would. */
export function fakeClient(handlers: Handlers = {}) {
  const calls: { channel: Channel; input: unknown }[] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const client: KoruClient = {
    async invoke(channel, input) {
      calls.push({ channel, input });
      const h = handlers[channel] as ((i: unknown) => unknown) | undefined;
      if (!h) throw Object.assign(new Error(`no handler for ${channel}`), { code: 'INTERNAL' });
      return (await h(input)) as never;
    },
    on(event, cb) {
      const set = listeners.get(event) ?? new Set();
      set.add(cb as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(cb as (p: unknown) => void);
    },
  };
  return {
    client,
    calls,
    callsTo: (channel: Channel) => calls.filter((c) => c.channel === channel).map((c) => c.input),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const cb of listeners.get(event) ?? []) cb(payload);
    },
  };
}

/** jsdom lacks ResizeObserver, which Radix measures with. */
export function installDomShims(): void {
  if (typeof globalThis.ResizeObserver === 'undefined') {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
  }
}

export function renderWithClient(ui: ReactNode, client: KoruClient, connection: ConnectionStore = createConnectionStore()) {
  const queryClient = createQueryClient();
  return render(
    <ClientProvider client={client}>
      <ConnectionProvider store={connection}>
        <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
      </ConnectionProvider>
    </ClientProvider>,
  );
}
