/** audio-type ships no types: the format name of a file from its first bytes, or undefined. */
declare module 'audio-type' {
  export default function audioType(bytes: Uint8Array): string | undefined;
}

/** @echogarden/sonic-wasm ships no types: an Emscripten module factory (see fit.ts for the calls used). */
declare module '@echogarden/sonic-wasm' {
  const factory: () => Promise<unknown>;
  export default factory;
}
