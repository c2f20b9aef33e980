import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload, FileInfo, FileKind } from '../../../contract';

export interface UploadOptions {
  kind: FileKind;
  /** The file's own name (display and download name only). */
  name: string;
}

/** The renderer's only way to reach main: typed by the contract, transport-agnostic. */
export interface KoruClient {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** Subscribe to a pushed event; returns an unsubscribe function. */
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  /** Which shell this is: the desktop app picks files with a native dialog and shows exports in
   *  their folder; web mode uploads and downloads them. */
  readonly transport?: 'electron' | 'web';
  /** Web mode: stream a file to Koru; the id it answers with is what channels take. */
  upload?(file: Blob, options: UploadOptions): Promise<FileInfo>;
}
