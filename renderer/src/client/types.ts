import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../../contract';

/** The renderer's only way to reach main: typed by the contract, transport-agnostic. */
export interface KoruClient {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Subscribe to a pushed event; returns an unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}
