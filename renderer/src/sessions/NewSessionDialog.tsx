import { AudioWaveform, Bell, FilePlus, Headphones, Sparkles, Waves } from 'lucide-react';
import type { Preset, VoiceKind } from '../../../contract';
import { useKoruQuery } from '../app/koru';
import { Dialog } from '../ui/Dialog';
import { blankDraft, toForm, type DraftForm } from './draft';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (draft: DraftForm) => void;
}

const KIND_ICON: Partial<Record<VoiceKind, typeof Bell>> = {
  bowl: Bell,
  noise: Waves,
  binaural: Headphones,
  monaural: Headphones,
  isochronic: Sparkles,
};

/** What a preset mostly is, from its voices, for the card's icon and caption. */
function presetKinds(p: Preset): VoiceKind[] {
  return [...new Set(p.draft.program.sets.flatMap((s) => s.voices.map((v) => v.kind)))];
}

export function NewSessionDialog({ open, onOpenChange, onPick }: Props) {
  const presets = useKoruQuery('presets.list', {}, { enabled: open, staleTime: 60_000 });
  const pick = (draft: DraftForm) => {
    onPick(draft);
    onOpenChange(false);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New session" description="Start from a preset or from a single tone." wide>
      <div className="preset-grid" role="list">
        <div role="listitem">
          <button type="button" className="preset-card preset-card--blank" onClick={() => pick(blankDraft())} data-testid="new-blank">
            <FilePlus size={22} aria-hidden="true" className="preset-card__icon" />
            <span className="preset-card__name">Blank session</span>
            <span className="preset-card__desc">One binaural tone, 200 Hz carrier with a 10 Hz beat, 20 minutes.</span>
          </button>
        </div>
        {presets.isPending ? <p className="muted">Loading presets…</p> : null}
        {presets.data?.map((p) => {
          const kinds = presetKinds(p);
          const Icon = (kinds[0] && KIND_ICON[kinds[0]]) || AudioWaveform;
          return (
            <div role="listitem" key={p.id}>
              <button type="button" className="preset-card" onClick={() => pick(toForm(p.draft))} data-testid={`preset-${p.id}`}>
                <Icon size={22} aria-hidden="true" className="preset-card__icon" />
                <span className="preset-card__name">{p.name}</span>
                <span className="preset-card__desc">{p.description}</span>
                <span className="preset-card__meta">
                  {kinds.map((k) => k[0]?.toUpperCase() + k.slice(1)).join(' · ')} · {Math.round(p.draft.durationSec / 60)} min
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </Dialog>
  );
}
