/**
 * Plays the assistant's reply in the page, piece after piece without gaps, through the page's
 * own audio path (so the browser's echo canceller hears it and keeps it out of the microphone).
 * `stop()` silences at once: every scheduled piece is stopped, not faded out over a block.
 */
import { fromBase64Pcm16 } from './pcm';

export interface ReplyPlayer {
  play(turn: number, pcm: string, sampleRate: number): void;
  /** Silences everything; returns how many pieces were cut. */
  stop(): number;
  readonly playing: boolean;
  /** Pieces of this turn and later are played; earlier ones (a stopped reply) are dropped. */
  from(turn: number): void;
  close(): void;
}

export function createReplyPlayer(ctx: AudioContext, onIdle?: () => void): ReplyPlayer {
  let at = 0;
  let minTurn = 0;
  const live = new Set<AudioBufferSourceNode>();
  return {
    play(turn, pcm, sampleRate) {
      if (turn < minTurn) return;
      const samples = fromBase64Pcm16(pcm);
      if (samples.length === 0) return;
      const buf = ctx.createBuffer(1, samples.length, sampleRate);
      buf.copyToChannel(samples, 0);
      const src = ctx.createBufferSource();
      src.buffer = buf;
      src.connect(ctx.destination);
      at = Math.max(at, ctx.currentTime + 0.02);
      src.start(at);
      at += buf.duration;
      live.add(src);
      src.onended = () => {
        live.delete(src);
        if (live.size === 0) onIdle?.();
      };
    },
    stop() {
      const n = live.size;
      for (const s of live) {
        s.onended = null;
        try {
          s.stop();
        } catch {
          // already ended
        }
      }
      live.clear();
      at = 0;
      return n;
    },
    get playing() {
      return live.size > 0;
    },
    from(turn) {
      minTurn = turn;
    },
    close() {
      this.stop();
      void ctx.close();
    },
  };
}
