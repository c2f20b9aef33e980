/** The playback.* and audio.devices channels bound to the player: one line each. */
import type { Session } from '../../contract';
import type { playbackChannels } from '../../contract/playback';
import type { HandlersOf } from '../ipc';
import type { Player } from './player';

export type PlaybackHandlers = HandlersOf<typeof playbackChannels>;

export interface PlaybackHandlerDeps {
  player: Player;
  /** The stored session `playback.start` names (sessions live in main/sessions). */
  session: (id: string) => Session;
}

export function buildPlaybackHandlers(d: PlaybackHandlerDeps): PlaybackHandlers {
  return {
    'playback.start': ({ id }) => d.player.start(d.session(id)),
    'playback.pause': () => d.player.pause(),
    'playback.resume': () => d.player.resume(),
    'playback.stop': () => d.player.stop(),
    'playback.status': () => d.player.refresh(),
    'playback.seek': ({ sec }) => d.player.seek(sec),
    'playback.setVolume': ({ volume }) => d.player.setVolume(volume),
    'playback.sleepTimer': ({ minutes, fadeSec }) => d.player.setSleepTimer(minutes, fadeSec),
    'audio.devices': () => d.player.devices(),
  };
}
