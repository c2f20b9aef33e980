import { Plus, Trash2 } from 'lucide-react';
import { voiceSlots, type ToneSet, type Voice } from '../../../contract';
import { TextField } from '../ui/fields';
import { nextSetName, type DraftForm } from './draft';
import { MixInputPanel } from './MixInputPanel';
import { VoiceEditor } from './VoiceEditor';

const MAX_VOICES = 16;

interface Props {
  form: DraftForm;
  errors: Map<string, string>;
  onChange: (program: DraftForm['program']) => void;
}

/** The tone-sets of a program, each a named group of voices the timeline switches between. */
export function ToneSetsEditor({ form, errors, onChange }: Props) {
  const { program } = form;

  const setAt = (i: number, next: ToneSet) => {
    const prev = program.sets[i];
    const sets = program.sets.map((s, j) => (j === i ? next : s));
    // A rename carries the timeline along — unless the new name collides with another set,
    // where following it would merge two sets' rows for good.
    const collides = program.sets.some((s, j) => j !== i && s.name === next.name);
    const timeline =
      prev && prev.name !== next.name && !collides
        ? program.timeline.map((e) => (e.set === prev.name ? { ...e, set: next.name } : e))
        : program.timeline;
    onChange({ ...program, sets, timeline });
  };

  const addSet = () =>
    onChange({ ...program, sets: [...program.sets, { name: nextSetName(form), voices: [{ kind: 'sine', freq: 432, amp: 0.3, pan: 0 }] }] });

  const removeSet = (i: number) => onChange({ ...program, sets: program.sets.filter((_, j) => j !== i) });

  return (
    <section className="panel" aria-labelledby="sets-heading">
      <header className="panel__header">
        <h3 id="sets-heading">Tone-sets</h3>
        <button type="button" className="button button--ghost" onClick={addSet} data-testid="add-set">
          <Plus size={16} aria-hidden="true" /> Add tone-set
        </button>
      </header>
      {errors.get('program.sets') ? <p className="field__error">{errors.get('program.sets')}</p> : null}
      <MixInputPanel program={program} onChange={onChange} />
      <div className="sets">
        {program.sets.map((set, i) => {
          const base = `program.sets.${i}`;
          const setVoice = (vi: number, v: Voice) => setAt(i, { ...set, voices: set.voices.map((x, j) => (j === vi ? v : x)) });
          const slots = voiceSlots(set.voices);
          return (
            <article className="set" key={i} data-testid="tone-set">
              <div className="set__head">
                <TextField
                  label="Tone-set name"
                  value={set.name}
                  onChange={(name) => setAt(i, { ...set, name })}
                  error={errors.get(`${base}.name`)}
                  testId={`set-${i}-name`}
                  className="set__name"
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove tone-set ${set.name}`}
                  onClick={() => removeSet(i)}
                  disabled={program.sets.length <= 1}
                >
                  <Trash2 size={16} aria-hidden="true" />
                </button>
              </div>
              {set.voices.length === 0 ? <p className="muted set__empty">No voices — this tone-set is silence.</p> : null}
              {set.voices.map((voice, vi) => (
                <VoiceEditor
                  key={vi}
                  voice={voice}
                  index={vi}
                  slot={slots[vi]!}
                  path={`${base}.voices.${vi}`}
                  errors={errors}
                  testPrefix={`set-${i}-voice-${vi}`}
                  onChange={(v) => setVoice(vi, v)}
                  onRemove={() => setAt(i, { ...set, voices: set.voices.filter((_, j) => j !== vi) })}
                />
              ))}
              <button
                type="button"
                className="button button--ghost set__add-voice"
                disabled={set.voices.length >= MAX_VOICES}
                onClick={() => setAt(i, { ...set, voices: [...set.voices, { kind: 'sine', freq: 200, amp: 0.3, pan: 0 }] })}
                data-testid={`set-${i}-add-voice`}
              >
                <Plus size={16} aria-hidden="true" /> Add voice
              </button>
            </article>
          );
        })}
      </div>
    </section>
  );
}
