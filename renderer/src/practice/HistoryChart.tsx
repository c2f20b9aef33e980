import type { DayCount } from '../../../contract/practice';

/** Repetitions per day as bars, the daily target as a dashed line; a table for screen readers. */
export function HistoryChart({ history, target }: { history: readonly DayCount[]; target: number }) {
  const w = 600;
  const h = 160;
  const pad = 20;
  const max = Math.max(target, ...history.map((d) => d.count), 1);
  const bw = (w - pad) / Math.max(1, history.length);
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const label = (day: string) => new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return (
    <figure className="history">
      <svg viewBox={`0 0 ${w} ${h}`} className="history__chart" aria-hidden="true" data-testid="history-chart">
        {history.map((d, i) => (
          <rect key={d.day} x={pad + i * bw + 1} y={y(d.count)} width={Math.max(1, bw - 2)} height={h - pad - y(d.count)} className={d.count >= target ? 'history__bar history__bar--met' : 'history__bar'} data-count={d.count}>
            <title>{`${label(d.day)}: ${d.count}`}</title>
          </rect>
        ))}
        <line x1={pad} x2={w} y1={y(target)} y2={y(target)} className="history__target" />
        <text x={pad} y={y(target) - 4} className="history__label">
          target {target}
        </text>
        <text x={pad} y={h - 4} className="history__label">
          {history[0] ? label(history[0].day) : ''}
        </text>
        <text x={w} y={h - 4} textAnchor="end" className="history__label">
          today
        </text>
      </svg>
      <figcaption className="visually-hidden">
        <table>
          <caption>Repetitions per day</caption>
          <tbody>
            {history.map((d) => (
              <tr key={d.day}>
                <th scope="row">{label(d.day)}</th>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
