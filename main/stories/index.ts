/** Code stories: a repository becomes a chaptered, narrated story (the app and `koru story`). */
export { createStoryService, type StoryService, type StoryServiceDeps, type StoryExport, MP3_DELAY_FRAMES } from './service';
export { buildStoryHandlers, type StoryHandlers } from './handlers';
export type { StoryProviders } from './types';
export { createSources, type Sources } from './source/source';
export { analyze } from './analysis/analyze';
