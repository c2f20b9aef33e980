/** The audio a schedule mixes in (SBaGen's -m), arriving over IPC as base64. */
import { KoruError } from '../../../contract/errors';
import { storeMixInput, type StoredMixInput } from '../synth/mix/store';

export async function importMixAudio(folder: string, file: string, base64: string): Promise<StoredMixInput> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new KoruError('BAD_INPUT', `"${file}" did not arrive as audio data; try adding it again.`);
  return storeMixInput(folder, file, new Uint8Array(Buffer.from(base64, 'base64')));
}
