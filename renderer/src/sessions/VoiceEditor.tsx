import { Trash2 } from 'lucide-react';
import type { Voice, VoiceKind } from '../../../contract';
import { NumberField, SelectField, TextField } from '../ui/fields';
import { VOICE_KINDS, voiceOfKind } from './draft';

interface VoiceEditorProps {
  voice: Voice;
  index: number;
  /** The SBaGen channel the voice plays in (its own `slot`, or the one after the previous voice). */
  slot: number;
  /** Path prefix of this voice in the draft, e.g. "program.sets.0.voices.1". */
  path: string;
  errors: Map<string, string>;
  /** data-testid prefix, unique across tone-sets, e.g. "set-0-voice-1". */
  testPrefix: string;
  onChange: (voice: Voice) => void;
  onRemove: () => void;
}

const NOISE_COLORS = [
  { value: 'white', label: 'White' },
  { value: 'pink', label: 'Pink' },
  { value: 'brown', label: 'Brown' },
] as const;

/** One voice: a kind picker and exactly the fields that kind has, each with its unit. */
export function VoiceEditor({ voice, index, slot, path, errors, testPrefix, onChange, onRemove }: VoiceEditorProps) {
  const err = (field: string) => errors.get(`${path}.${field}`);
  // A typed helper: numeric field of the current voice, written back with the same kind.
  const num = (field: string, label: string, unit: string, step: number, hint?: string) => (
    <NumberField
      key={`${voice.kind}-${field}`}
      label={label}
      unit={unit}
      step={step}
      hint={hint}
      value={(voice as unknown as Record<string, number>)[field] ?? NaN}
      error={err(field)}
      testId={`${testPrefix}-${field}`}
      onChange={(v) => onChange({ ...voice, [field]: v } as Voice)}
    />
  );

  return (
    <div className="voice" data-testid="voice" data-kind={voice.kind}>
      <div className="voice__head">
        <SelectField<VoiceKind>
          label={`Voice ${index + 1}`}
          value={voice.kind}
          options={VOICE_KINDS.map((k) => ({ value: k.kind, label: k.label }))}
          onChange={(kind) => onChange(voiceOfKind(kind, voice))}
          testId={`${testPrefix}-kind`}
          className="voice__kind"
        />
        <button type="button" className="icon-button voice__remove" aria-label={`Remove voice ${index + 1}`} onClick={onRemove}>
          <Trash2 size={16} aria-hidden="true" />
        </button>
      </div>
      <div className="voice__fields">
        {voice.kind === 'sine' && (
          <>
            {num('freq', 'Frequency', 'Hz', 1)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
            {num('pan', 'Pan', '−1…1', 0.1, '−1 left, 1 right')}
          </>
        )}
        {(voice.kind === 'binaural' || voice.kind === 'monaural') && (
          <>
            {num('carrier', 'Carrier', 'Hz', 1)}
            {num('beat', 'Beat', 'Hz', 0.5)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
          </>
        )}
        {voice.kind === 'isochronic' && (
          <>
            {num('carrier', 'Carrier', 'Hz', 1)}
            {num('pulse', 'Pulse', 'Hz', 0.5)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
          </>
        )}
        {voice.kind === 'noise' && (
          <>
            <SelectField
              label="Colour"
              value={voice.color}
              options={NOISE_COLORS}
              onChange={(color) => onChange({ ...voice, color })}
              error={err('color')}
              testId={`${testPrefix}-color`}
            />
            {num('amp', 'Amplitude', '0–1', 0.05)}
          </>
        )}
        {voice.kind === 'bowl' && (
          <>
            {num('freq', 'Frequency', 'Hz', 1)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
            {num('strikeEvery', 'Strike every', 's', 1, '0 = once')}
            {num('decay', 'Decay', 's', 1)}
          </>
        )}
        {voice.kind === 'spin' && (
          <>
            <SelectField
              label="Noise"
              value={voice.color}
              options={NOISE_COLORS}
              onChange={(color) => onChange({ ...voice, color })}
              error={err('color')}
              testId={`${testPrefix}-color`}
            />
            {num('width', 'Swing width', 'µs', 10, 'how far it swings between the ears')}
            {num('rate', 'Spin rate', 'Hz', 0.5)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
          </>
        )}
        {voice.kind === 'mix' && (
          <>
            {num('amp', 'Level of the input audio', '0–1', 0.05, 'the file attached under Input audio')}
          </>
        )}
        {voice.kind === 'wave' && (
          <>
            <WaveShapeField
              shape={voice.shape}
              error={err('shape')}
              testId={`${testPrefix}-shape`}
              onChange={(shape) => onChange({ ...voice, shape })}
            />
            {num('carrier', 'Carrier', 'Hz', 1)}
            {num('beat', 'Beat', 'Hz', 0.5)}
            {num('amp', 'Amplitude', '0–1', 0.05)}
          </>
        )}
        <NumberField
          key="slot"
          label="Slot"
          unit="1–16"
          step={1}
          hint="glides into the same slot of the next tone-set"
          value={slot + 1}
          error={err('slot')}
          testId={`${testPrefix}-slot`}
          onChange={(v) => onChange({ ...voice, slot: Number.isFinite(v) ? v - 1 : NaN })}
        />
      </div>
    </div>
  );
}

/** One cycle of a custom waveform as numbers separated by spaces or commas (SBaGen `waveNN:`). */
function WaveShapeField({ shape, error, testId, onChange }: { shape: number[]; error?: string | undefined; testId: string; onChange: (shape: number[]) => void }) {
  return (
    <TextField
      label="Waveform samples"
      hint="one cycle, e.g. 0 3 5 3 0 -2; stretched to full scale"
      value={shape.join(' ')}
      error={error}
      testId={testId}
      onChange={(text) => {
        const words = text.split(/[\s,]+/).filter(Boolean);
        onChange(words.map((w) => (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(w) ? Number(w) : NaN)));
      }}
    />
  );
}
