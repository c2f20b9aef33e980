import { useQueryClient } from '@tanstack/react-query';
import type { StoryStatus } from '../../../contract/stories';
import { notifyError } from '../app/errors';
import { koruKey, useKoruEvent } from '../app/koru';

export const isWorking = (status: StoryStatus) => status === 'pending' || status === 'analyzing' || status === 'generating' || status === 'synthesizing';

/** Subscribe (once, in the app shell) to story events: the library and the open story refresh,
 *  and a story that fails after its generate call returned says why in a toast. */
export function useStoryEvents(): void {
  const queryClient = useQueryClient();
  useKoruEvent('story.updated', ({ id, story }) => {
    void queryClient.invalidateQueries({ queryKey: ['stories.list'] });
    if (story === null) queryClient.removeQueries({ queryKey: koruKey('stories.get', { id }) });
    else {
      const before = queryClient.getQueryData<{ status: StoryStatus }>(koruKey('stories.get', { id }));
      if (story.status === 'failed' && before && before.status !== 'failed') notifyError(new Error(story.error ?? 'The story could not be finished'), 'Story');
      void queryClient.invalidateQueries({ queryKey: koruKey('stories.get', { id }) });
    }
  });
}
