/** The dubbing channels bound to the service: one line each, no logic of their own. */
import type { dubbingChannels } from '../../contract/dubbing';
import type { HandlersOf } from '../ipc';
import type { DubbingService } from './service';

export type DubbingHandlers = HandlersOf<typeof dubbingChannels>;

export function buildDubbingHandlers(d: DubbingService): DubbingHandlers {
  return {
    'dubbing.create': (req) => d.create(req),
    'dubbing.list': () => d.list(),
    'dubbing.get': ({ id }) => d.get(id),
    'dubbing.segment.update': ({ id, segmentId, sourceText, targetText }) => d.updateSegment(id, segmentId, { ...(sourceText === undefined ? {} : { sourceText }), ...(targetText === undefined ? {} : { targetText }) }),
    'dubbing.options.update': ({ id, patch }) => d.updateOptions(id, patch),
    'dubbing.resume': ({ id }) => d.resume(id),
    'dubbing.cancel': ({ id }) => d.cancel(id),
    'dubbing.delete': ({ id }) => d.delete(id),
    'dubbing.play': ({ id, track, atSec }) => d.play(id, track, atSec),
    'dubbing.export': ({ id, format, exportId }) => d.exportForPage(id, format, exportId),
  };
}
