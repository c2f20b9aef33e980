import { X } from 'lucide-react';
import type { Ritual } from '../../../contract/rituals';
import { useKoruMutation } from '../app/koru';
import { isWorking, useRitualProgress } from './useRituals';

function stageText(stage: string, done: number, total: number): string {
  if (stage === 'writing') return 'Writing the script…';
  if (stage === 'voicing') return total > 0 ? `Voicing segment ${Math.min(done + 1, total)} of ${total}` : 'Voicing…';
  if (stage === 'ready') return 'Ready';
  if (stage === 'cancelled') return 'Cancelled';
  return 'Failed';
}

/** The job's bar while it writes and voices, driven by main's ritual.progress events, with Cancel. */
export function RitualProgress({ ritual }: { ritual: Pick<Ritual, 'id' | 'status' | 'segments'> }) {
  const p = useRitualProgress(ritual);
  const cancel = useKoruMutation('rituals.cancel');
  if (!isWorking(p.stage)) return null;
  const pct = Math.round(p.fraction * 100);
  const text = stageText(p.stage, p.done, p.total);

  return (
    <section className="ritual-progress" aria-label="Generation progress">
      <div className="ritual-progress__head">
        <span className="ritual-progress__stage" data-testid="ritual-stage">
          {text}
        </span>
        <span className="tabular muted">
          {p.total > 0 ? `${p.done}/${p.total} segments · ` : ''}
          {pct}%
        </span>
      </div>
      <div
        className={`progress${p.stage === 'writing' ? ' progress--busy' : ''}`}
        role="progressbar"
        aria-label="Ritual generation"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${text}, ${pct}%`}
        data-testid="ritual-progress"
      >
        <div className="progress__fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="ritual-progress__foot">
        <span className="muted" role="status" aria-live="polite" data-testid="ritual-progress-message">
          {p.message}
        </span>
        <button
          type="button"
          className="button"
          onClick={() => cancel.mutate({ id: ritual.id })}
          disabled={cancel.isPending}
          data-testid="ritual-cancel"
        >
          <X size={16} aria-hidden="true" /> {cancel.isPending ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </section>
  );
}
