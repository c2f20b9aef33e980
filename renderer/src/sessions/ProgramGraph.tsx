import { useMemo } from 'react';
import { formatClock } from '../format';
import type { DraftForm } from './draft';
import { sampleProgramGraph, type GraphPoint, type ProgramGraph as Graph } from './program-graph';

const W = 720;
const PANEL_H = 120;
const GAP = 34;
const LEFT = 56;
const RIGHT = 12;
const TOP = 14;
/** Line colours, one per slot in turn; chosen to read on the dark surface. */
const COLOURS = ['var(--accent)', 'var(--violet)', 'var(--gold)', '#7fb6f0', '#f08fb8', '#b5d96c', '#f0a86c', '#8ee0ee'];

/** The polyline path of points, broken where y is null; `y` maps Hz to pixels. */
function pathOf(points: GraphPoint[], x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function ticks(max: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Carrier and beat of every voice over the session, from the program as it is being edited. */
export function ProgramGraph({ form }: { form: DraftForm }) {
  const graph: Graph | null = useMemo(() => sampleProgramGraph(form.program, form.durationSec), [form.program, form.durationSec]);
  if (!graph) return <p className="muted program-graph__note">The graph appears once the program is valid.</p>;
  if (graph.lines.length === 0) return <p className="muted program-graph__note">No tones to plot: this program is noise or silence.</p>;
  const plotW = W - LEFT - RIGHT;
  const x = (t: number) => LEFT + (t / graph.durationSec) * plotW;
  const panels = [
    { key: 'carrier' as const, title: 'Carrier (Hz)', max: graph.carrierMax, top: TOP },
    { key: 'beat' as const, title: 'Beat / pulse (Hz)', max: graph.beatMax, top: TOP + PANEL_H + GAP },
  ];
  const H = TOP + 2 * PANEL_H + GAP + 26;
  const timeTicks = ticks(graph.durationSec, 6);
  const summary = graph.lines
    .map((l) => {
      const range = (pts: GraphPoint[]) => {
        const ys = pts.map((p) => p.y).filter((v): v is number => v !== null);
        return ys.length ? `${Math.min(...ys).toFixed(2)}–${Math.max(...ys).toFixed(2)} Hz` : 'none';
      };
      return `${l.label}: carrier ${range(l.carrier)}, beat ${range(l.beat)}`;
    })
    .join('; ');
  return (
    <figure className="program-graph" data-testid="program-graph">
      <svg
        className="program-graph__svg"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="program-graph-title program-graph-desc"
        tabIndex={0}
      >
        <title id="program-graph-title">Carrier and beat of each voice over the session</title>
        <desc id="program-graph-desc">{summary}</desc>
        {panels.map((panel) => {
          const y = (v: number) => panel.top + PANEL_H - (v / panel.max) * PANEL_H;
          return (
            <g key={panel.key}>
              <text className="program-graph__axis-title" x={LEFT} y={panel.top - 4}>
                {panel.title}
              </text>
              {ticks(panel.max, 4).map((v) => (
                <g key={v}>
                  <line className="program-graph__grid" x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
                  <text className="program-graph__tick" x={LEFT - 6} y={y(v) + 4} textAnchor="end">
                    {+v.toFixed(2)}
                  </text>
                </g>
              ))}
              {graph.lines.map((l, i) => (
                <path key={l.slot} className="program-graph__line" d={pathOf(l[panel.key], x, y)} stroke={COLOURS[i % COLOURS.length]} />
              ))}
            </g>
          );
        })}
        {timeTicks.map((t) => (
          <text key={t} className="program-graph__tick" x={x(t)} y={H - 6} textAnchor="middle">
            {formatClock(t)}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="program-graph__legend">
          {graph.lines.map((l, i) => (
            <li key={l.slot}>
              <span className="program-graph__swatch" style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
