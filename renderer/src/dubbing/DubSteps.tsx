import { Check, RefreshCw, X } from 'lucide-react';
import type { Dub, DubStepName } from '../../../contract';
import { useKoruMutation } from '../app/koru';

const STEP_LABELS: Record<DubStepName, string> = { decode: 'Decode', transcribe: 'Transcribe', translate: 'Translate', voice: 'Voice', mix: 'Fit and mix' };
const STATE_WORDS: Record<Dub['steps'][number]['state'], string> = { pending: 'waiting', running: 'working', done: 'done', failed: 'failed', cancelled: 'cancelled' };

/** The five steps of the dub's job, each with its own bar, and Cancel while it works or Resume
 *  once it stopped (finished steps are kept, so Resume does only what is missing). */
export function DubSteps({ dub, onChanged }: { dub: Dub; onChanged: () => void }) {
  const cancel = useKoruMutation('dubbing.cancel', { onSuccess: onChanged });
  const resume = useKoruMutation('dubbing.resume', { onSuccess: onChanged });
  const working = dub.status === 'working';
  const voiceReplacement = dub.voiceReplacement && dub.steps.find((s) => s.name === 'translate')?.state === 'done';

  return (
    <section className="panel dub-steps" aria-labelledby="dub-steps-heading">
      <header className="panel__header">
        <h3 id="dub-steps-heading">Progress</h3>
        {working ? (
          <button type="button" className="button" onClick={() => cancel.mutate({ id: dub.id })} disabled={cancel.isPending} data-testid="dub-cancel">
            <X size={16} aria-hidden="true" /> {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : dub.status !== 'ready' ? (
          <button type="button" className="button" onClick={() => resume.mutate({ id: dub.id })} disabled={resume.isPending} data-testid="dub-resume">
            <RefreshCw size={16} aria-hidden="true" /> Resume
          </button>
        ) : null}
      </header>
      <ol className="dub-steps__list">
        {dub.steps.map((s) => {
          const pct = Math.round(s.fraction * 100);
          const label = STEP_LABELS[s.name];
          const words = s.name === 'translate' && voiceReplacement ? 'skipped: same language' : STATE_WORDS[s.state];
          return (
            <li key={s.name} className={`dub-step dub-step--${s.state}`} data-testid={`dub-step-${s.name}`} data-state={s.state}>
              <span className="dub-step__name">
                {s.state === 'done' ? <Check size={14} aria-hidden="true" /> : null} {label}
              </span>
              <div
                className={`progress${s.state === 'running' && pct === 0 ? ' progress--busy' : ''}`}
                role="progressbar"
                aria-label={`${label}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
                aria-valuetext={`${label}: ${words}, ${pct}%`}
              >
                <div className="progress__fill" style={{ width: `${pct}%` }} />
              </div>
              <span className="dub-step__state muted tabular">{s.state === 'running' ? `${pct}%` : words}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
