import { Flower2 } from 'lucide-react';
import { useState } from 'react';
import { VisualsOverlay } from './VisualsOverlay';

/** The player dock's way into the visuals; the overlay (and its canvas) exists only while open. */
export function VisualsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--ghost visuals-launch" onClick={() => setOpen(true)} data-testid="visuals-open">
        <Flower2 size={16} aria-hidden="true" />
        Visuals
      </button>
      {open ? <VisualsOverlay open onOpenChange={setOpen} /> : null}
    </>
  );
}
