/** audio-type ships no types: the format name of a file from its first bytes, or undefined. */
declare module 'audio-type' {
  export default function audioType(bytes: Uint8Array): string | undefined;
}
