/** Thread priorities. On Linux, setpriority() with pid 0 changes the calling *thread* only, so a
 *  worker can lower its own priority (CPU-heavy background work: speech synthesis, encoding) and
 *  the audio engine can ask for a higher one, which needs privileges (root, CAP_SYS_NICE or an
 *  rlimit) and is simply not granted otherwise. */
import { constants, setPriority } from 'node:os';

/** Background work yields the CPU to everything else, audio first. */
export const BACKGROUND_NICE = 10;
/** The audio engine's threads, when the system allows it. */
export const AUDIO_NICE = -11;

/** Set this thread's nice value; false (and nothing changed) when the system refuses. */
export function setThreadNice(nice: number): boolean {
  try {
    setPriority(0, Math.max(constants.priority.PRIORITY_HIGHEST, Math.min(constants.priority.PRIORITY_LOW, nice)));
    return true;
  } catch {
    return false;
  }
}
