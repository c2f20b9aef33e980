/** The audio a schedule mixes in (SBaGen's -m): a file the user chose or uploaded (by reference,
 *  main/files), decoded and stored for the renderer. Its size is checked before it is read. */
import { statSync, readFileSync } from 'node:fs';
import { KoruError } from '../../../contract/errors';
import { MAX_MIX_INPUT_BYTES, storeMixInput, type StoredMixInput } from '../synth/mix/store';

export async function importMixAudio(folder: string, name: string, path: string): Promise<StoredMixInput> {
  if (statSync(path).size > MAX_MIX_INPUT_BYTES) {
    throw new KoruError('BAD_INPUT', `"${name}" is larger than ${MAX_MIX_INPUT_BYTES >> 20} MB; use a shorter or more compressed file.`);
  }
  return storeMixInput(folder, name, new Uint8Array(readFileSync(path)));
}
