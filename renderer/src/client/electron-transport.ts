import { isKoruErrorShape, type Channel, type ChannelInput, type ChannelOutput, type EventName, type EventPayload } from '../../../contract';
import { KoruClientError, unwrapResult } from './errors';
import type { KoruClient } from './types';

/** What the preload exposes as `window.koru` (preload/index.ts); declared here, as the renderer
 *  may not import preload code. `invoke` resolves to the contract's Result. */
export interface KoruBridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    koru?: KoruBridge;
  }
}

export function createElectronTransport(bridge: KoruBridge): KoruClient {
  return {
    transport: 'electron',
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      let reply: unknown;
      try {
        reply = await bridge.invoke(channel, input);
      } catch (err) {
        // The preload rejects refused names with a KoruErrorShape; anything else is IPC breaking.
        if (err instanceof KoruClientError) throw err;
        if (isKoruErrorShape(err)) throw KoruClientError.from(err);
        console.error(`koru: ${channel} failed in IPC`, err);
        throw new KoruClientError('INTERNAL', 'The Koru window lost its link to the app; restart Koru.');
      }
      return unwrapResult(reply) as ChannelOutput<C>;
    },
    on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
      // Main validated the payload against the contract before sending it.
      return bridge.on(event, (payload) => cb(payload as EventPayload<E>));
    },
  };
}
