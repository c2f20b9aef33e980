import type { SegmentRef } from '../audio';
import type { Player } from '../playback';

/** Segments voiced while their narration already plays reach the player: the job reports each
 *  one as it is stored (`voiced`), and `follow` hands them to the player until the job is done. */
export function createSegmentFeed() {
  const listeners = new Map<string, Set<(ref: SegmentRef) => void>>();
  return {
    voiced: (id: string, ref: SegmentRef) => listeners.get(id)?.forEach((l) => l(ref)),
    /** Called before the start is sent, so no segment voiced meanwhile is missed (the engine
     *  holds those for the session it is starting, and ignores duplicates). */
    follow(player: Pick<Player, 'addSegment' | 'segmentsDone'>, id: string, done: Promise<unknown>): void {
      const listen = (ref: SegmentRef) => player.addSegment(id, ref);
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set.add(listen));
      void done
        .catch(() => undefined)
        .then(() => {
          set.delete(listen);
          if (set.size === 0) listeners.delete(id);
          player.segmentsDone(id);
        });
    },
  };
}
