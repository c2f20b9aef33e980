/** The mala as a picture: up to 108 beads round a circle and the guru bead at the top. The ring
 *  turns one bead per count (a prayer wheel turning), the beads told so far are filled. Rounds
 *  longer than 108 show each bead as a share of the round. */
const SHOWN_MAX = 108;

export function MalaWheel({ bead, roundSize, pausing }: { bead: number; roundSize: number; pausing: boolean }) {
  const shown = Math.min(roundSize, SHOWN_MAX);
  const told = Math.floor((bead / roundSize) * shown);
  const r = 88;
  const beadR = Math.max(2.2, Math.min(7, (Math.PI * r) / shown - 0.6));
  const turn = (bead / roundSize) * 360;
  return (
    <svg className="mala" viewBox="-110 -110 220 220" role="img" aria-label={`Bead ${bead} of ${roundSize}${pausing ? ', resting at the guru bead' : ''}`} data-testid="mala">
      <g className="mala__ring" style={{ transform: `rotate(${-turn}deg)` }} data-turn={turn.toFixed(2)}>
        {Array.from({ length: shown }, (_, i) => {
          const a = ((i + 1) / (shown + 1)) * 2 * Math.PI;
          return <circle key={i} cx={r * Math.sin(a)} cy={-r * Math.cos(a)} r={beadR} className={i < told ? 'mala__bead mala__bead--told' : 'mala__bead'} />;
        })}
      </g>
      <circle cx={0} cy={-r} r={beadR * 1.8} className={`mala__guru${pausing ? ' mala__guru--pausing' : ''}`} />
      <text x={0} y={8} textAnchor="middle" className="mala__count" data-testid="mala-count">
        {bead}
      </text>
      <text x={0} y={30} textAnchor="middle" className="mala__of">
        of {roundSize}
      </text>
    </svg>
  );
}
