import { useQueryClient } from '@tanstack/react-query';
import type { ChannelOutput } from '../../../contract';
import { koruKey, useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';

export type AmpStatus = ChannelOutput<'amp.status'>;
export type AmpSettings = ChannelOutput<'amp.settings.get'>;

/** The amplifier's status: fetched once, then kept live by the pushed `amp.status` event. */
export function useAmpStatus() {
  const queryClient = useQueryClient();
  // Events are only heard while the page is mounted: re-read on every visit.
  const status = useKoruQuery('amp.status', {}, { staleTime: 0, refetchOnMount: 'always' });
  useKoruEvent('amp.status', (s) => queryClient.setQueryData(koruKey('amp.status', {}), s));
  return status;
}

/** A mutation whose reply is the new status: written straight into the status cache. */
export function useAmpCommand<C extends 'amp.connect' | 'amp.disconnect' | 'amp.set'>(channel: C) {
  const queryClient = useQueryClient();
  return useKoruMutation(channel, {
    onSuccess: (s) => {
      queryClient.setQueryData(koruKey('amp.status', {}), s);
      // Connect and disconnect change the remembered amplifier in the settings.
      if (channel !== 'amp.set') void queryClient.invalidateQueries({ queryKey: koruKey('amp.settings.get', {}) });
    },
  });
}

export function useAmpSettings() {
  const queryClient = useQueryClient();
  const settings = useKoruQuery('amp.settings.get', {});
  const update = useKoruMutation('amp.settings.update', {
    onSuccess: (s) => {
      queryClient.setQueryData(koruKey('amp.settings.get', {}), s);
      void queryClient.invalidateQueries({ queryKey: koruKey('amp.status') });
    },
  });
  return { settings, update };
}
