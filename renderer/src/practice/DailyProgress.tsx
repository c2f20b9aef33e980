import type { PracticeStats } from '../../../contract/practice';

/** Today against the target, and the streak said gently: a missed day is a fresh start. */
export function DailyProgress({ stats: s }: { stats: PracticeStats }) {
  const pct = Math.min(100, Math.round((s.today.count / s.dailyTarget) * 100));
  const streak =
    s.streak > 1 ? `${s.streak} days in a row` : s.streak === 1 ? (s.today.count > 0 ? 'Practised today' : 'Practised yesterday') : s.lifetime.count > 0 ? 'Welcome back — every day is a fresh start.' : 'Your first practice begins here.';
  return (
    <section className="panel" aria-labelledby="practice-today">
      <header className="panel__header">
        <h3 id="practice-today">Today</h3>
      </header>
      <p className="practice-today__count">
        <strong className="tabular" data-testid="practice-today-count">
          {s.today.count.toLocaleString()}
        </strong>{' '}
        of {s.dailyTarget.toLocaleString()} · {s.today.rounds} {s.today.rounds === 1 ? 'round' : 'rounds'}
      </p>
      <div className="progress" role="progressbar" aria-label="Today’s target" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress__fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="muted" data-testid="practice-streak">
        {streak}
        {s.bestStreak > 1 ? ` · longest run ${s.bestStreak} days` : ''}
      </p>
      <p className="muted">
        In all: {s.lifetime.count.toLocaleString()} repetitions, {s.lifetime.rounds.toLocaleString()} rounds over {s.lifetime.days} {s.lifetime.days === 1 ? 'day' : 'days'}.
      </p>
    </section>
  );
}
