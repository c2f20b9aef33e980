import { removeStaleTemporaries } from '../storage';

/** At start-up: delete what exports (and file-store writes) that a crash interrupted left
 *  behind, in the export folder and, recursively, the file store. Returns what was removed. */
export function removeStaleExports(exportDir: string, fileStoreRoot?: string): Promise<string[]> {
  return Promise.all([
    removeStaleTemporaries([exportDir]),
    fileStoreRoot ? removeStaleTemporaries([fileStoreRoot], { recursive: true }) : Promise.resolve([]),
  ]).then((lists) => lists.flat());
}
