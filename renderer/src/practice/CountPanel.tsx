import { useQueryClient } from '@tanstack/react-query';
import { Hand, Sparkles } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import type { Mantra, PracticeStats } from '../../../contract/practice';
import { koruKey, useKoruMutation, useKoruQuery } from '../app/koru';
import { DailyProgress } from './DailyProgress';
import { Dedication } from './Dedication';
import { MalaWheel } from './MalaWheel';
import { useBell, usePracticeStats } from './usePractice';

/** Space counts unless the person is typing or on a control that space itself activates. */
function spaceCounts(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return true;
  if (target.isContentEditable) return false;
  return !target.closest('input, textarea, select, button, a, [role="tab"], [role="slider"], [role="dialog"]');
}

/** Counting by hand: tap (or space) per repetition; a bell and the guru-bead pause at each round's
 *  end; the day's target and streak; a dedication when you end. */
export function CountPanel({ mantra, active }: { mantra: Mantra; active: boolean }) {
  const queryClient = useQueryClient();
  const stats = usePracticeStats(mantra.id);
  const settings = useKoruQuery('practice.settings.get', { mantraId: mantra.id });
  const bell = useBell();
  const [pending, setPending] = useState(0);
  const [pausing, setPausing] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [ended, setEnded] = useState(false);
  const [sitting, setSitting] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const intention = useKoruMutation('practice.write');

  const endPause = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setPausing(false);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useEffect(() => {
    endPause();
    setEnded(false);
    setSitting(0);
    setAnnounce('');
  }, [mantra.id]);

  const counter = useKoruMutation('practice.count', {
    onSuccess: ({ stats: s, roundsCompleted }) => {
      queryClient.setQueryData(koruKey('practice.stats', { mantraId: mantra.id, days: 30 }), (old: PracticeStats | undefined) => (old ? { ...s, history: s.history } : s));
      if (roundsCompleted > 0) {
        bell();
        setAnnounce(`Round complete — ${s.today.rounds} ${s.today.rounds === 1 ? 'round' : 'rounds'} today.`);
        const pauseSec = settings.data?.guruPauseSec ?? 0;
        if (pauseSec > 0) {
          setPausing(true);
          timer.current = setTimeout(endPause, pauseSec * 1000);
        }
      }
      if (s.today.count === s.dailyTarget) toast.success('Today’s target reached', { description: `${s.dailyTarget} repetitions of ${mantra.text}` });
    },
    onSettled: () => setPending((n) => n - 1),
  });

  const tap = () => {
    if (pausing || ended) return;
    setPending((n) => n + 1);
    setSitting((n) => n + 1);
    counter.mutate({ mantraId: mantra.id, add: 1 });
  };
  const tapRef = useRef(tap);
  tapRef.current = tap;

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.repeat || e.altKey || e.ctrlKey || e.metaKey || !spaceCounts(e.target)) return;
      e.preventDefault();
      tapRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);

  const s = stats.data;
  const roundSize = s?.roundSize ?? settings.data?.roundSize ?? 108;
  const bead = s ? (s.bead + Math.max(0, pending)) % roundSize : 0;

  return (
    <div className="practice-count">
      <div className="practice-count__wheel">
        <MalaWheel bead={bead} roundSize={roundSize} pausing={pausing} />
        <div className="button-row">
          <button type="button" className="button button--primary practice-tap" onClick={tap} disabled={pausing || ended || !s} data-testid="practice-tap" aria-describedby="practice-tap-hint">
            <Hand size={18} aria-hidden="true" /> Count
          </button>
          {pausing ? (
            <button type="button" className="button" onClick={endPause} data-testid="practice-continue">
              Continue
            </button>
          ) : null}
        </div>
        <p id="practice-tap-hint" className="muted">
          {pausing ? `Guru bead: rest a moment, turn the mala, then continue.` : 'Tap, or press the space bar, once per repetition.'}
        </p>
        <p role="status" aria-live="polite" className="practice-count__announce" data-testid="practice-announce">
          {announce}
        </p>
      </div>
      <div className="practice-count__side">
        {s ? <DailyProgress stats={s} /> : <p className="muted">Loading…</p>}
        <section className="panel" aria-labelledby="practice-intention">
          <header className="panel__header">
            <h3 id="practice-intention">Intention</h3>
            <button type="button" className="button button--ghost" disabled={intention.isPending} onClick={() => intention.mutate({ mantraId: mantra.id, kind: 'intention', variant: Math.floor(Math.random() * 100) })} data-testid="practice-intention">
              <Sparkles size={14} aria-hidden="true" /> {intention.isPending ? 'Writing…' : 'Suggest one'}
            </button>
          </header>
          <p className="practice-text" data-testid="practice-intention-text">
            {intention.data?.text ?? 'Take a breath and set a simple wish for this practice.'}
          </p>
        </section>
        {ended ? (
          <Dedication mantra={mantra} sitting={sitting} saved={s?.dedication ?? null} onDone={() => { setEnded(false); setSitting(0); }} />
        ) : (
          <button type="button" className="button" onClick={() => setEnded(true)} disabled={!s} data-testid="practice-end">
            End practice
          </button>
        )}
      </div>
    </div>
  );
}
