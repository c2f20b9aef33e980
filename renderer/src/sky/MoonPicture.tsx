/** The Moon as seen from the northern hemisphere: lit on the right while waxing, on the left
 *  while waning. The lit part is a half disc plus (or minus) the half ellipse of the terminator,
 *  whose width follows cos(phase angle). */
export function MoonPicture({ phaseAngle, size = 96, label }: { phaseAngle: number; size?: number; label: string }) {
  const r = 45;
  const phi = (((phaseAngle % 360) + 360) % 360) * (Math.PI / 180);
  const waxing = phi < Math.PI;
  const rx = Math.abs(Math.cos(phi)) * r;
  // From the waxing Moon's point of view: right half lit, terminator bulging right (crescent)
  // or left (gibbous); a waning Moon is the mirror image.
  const crescent = Math.cos(phi) > 0;
  const lit = `M 0 ${-r} A ${r} ${r} 0 0 1 0 ${r} A ${rx} ${r} 0 0 ${crescent ? 0 : 1} 0 ${-r} Z`;
  return (
    <svg className="moon" viewBox="-50 -50 100 100" width={size} height={size} role="img" aria-label={label} data-testid="moon-picture">
      <circle r={r} className="moon__dark" />
      <path d={lit} className="moon__lit" transform={waxing ? undefined : 'scale(-1 1)'} data-testid="moon-lit" />
      <circle r={r} className="moon__rim" />
    </svg>
  );
}
