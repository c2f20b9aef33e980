/** The practice channels bound to the service: one line each, no logic of their own. */
import type { practiceChannels } from '../../contract/practice';
import type { FileRegistry } from '../files';
import type { HandlersOf } from '../ipc';
import type { PracticeService } from './service';

export type PracticeHandlers = HandlersOf<typeof practiceChannels>;

export interface PracticeHandlerDeps {
  practice: PracticeService;
  /** Exports are registered so the page can download or reveal them by id. */
  files: Pick<FileRegistry, 'exported'>;
}

export function buildPracticeHandlers({ practice: p, files }: PracticeHandlerDeps): PracticeHandlers {
  return {
    'practice.mantras.list': () => p.list(),
    'practice.mantras.create': (draft) => p.create(draft),
    'practice.mantras.update': ({ id, draft }) => p.update(id, draft),
    'practice.mantras.delete': ({ id }) => p.delete(id),
    'practice.settings.get': ({ mantraId }) => p.settings(mantraId),
    'practice.settings.update': ({ mantraId, patch }) => p.updateSettings(mantraId, patch),
    'practice.count': ({ mantraId, add }) => p.count(mantraId, add),
    'practice.stats': ({ mantraId, days }) => p.stats(mantraId, days),
    'practice.dedicate': ({ mantraId, text }) => p.dedicate(mantraId, text),
    'practice.write': ({ mantraId, kind, writer, variant }) => p.write(mantraId, kind, writer, variant),
    'practice.bell': () => p.bell(),
    'practice.play': ({ mantraId }) => p.play(mantraId),
    'practice.export': async ({ id, format, exportId }) => files.exported(await p.export(id, format, exportId)),
  };
}
