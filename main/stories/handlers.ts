/** The story channels bound to the service: one line each, no logic of their own. */
import type { storyChannels } from '../../contract/stories';
import type { FileRegistry } from '../files';
import type { HandlersOf } from '../ipc';
import type { StoryService } from './service';

export type StoryHandlers = HandlersOf<typeof storyChannels>;

export interface StoryHandlerDeps {
  stories: StoryService;
  /** Exports are registered so the renderer can download them (or show them in their folder). */
  files: Pick<FileRegistry, 'exported'>;
}

export function buildStoryHandlers(d: StoryHandlerDeps): StoryHandlers {
  return {
    'stories.intent': ({ message, writer }) => d.stories.intent(message, writer),
    'stories.generate': (req) => d.stories.generate(req),
    'stories.list': ({ query, limit }) => d.stories.list(query, limit),
    'stories.get': ({ id }) => d.stories.get(id),
    'stories.cancel': ({ id }) => d.stories.cancel(id),
    'stories.resume': ({ id }) => d.stories.resume(id),
    'stories.restart': ({ id }) => d.stories.restart(id),
    'stories.delete': ({ id }) => d.stories.delete(id),
    'stories.log': ({ id, afterSeq }) => d.stories.log(id, afterSeq),
    'stories.play': ({ id }) => d.stories.play(id),
    'stories.cover': ({ id }) => d.stories.cover(id),
    'stories.export': async ({ id, format, exportId }) => {
      const r = await d.stories.export(id, format, { ...(exportId ? { exportId } : {}) });
      const audio = d.files.exported({ path: r.path, bytes: r.bytes });
      return {
        exportId: r.exportId ?? exportId ?? audio.fileId,
        path: r.path,
        bytes: r.bytes,
        durationSec: r.durationSec,
        fileId: audio.fileId,
        files: r.files.map((f) => ({ kind: f.kind, title: f.title, path: f.path, bytes: f.bytes, fileId: d.files.exported({ path: f.path, bytes: f.bytes }).fileId })),
      };
    },
  };
}
