import { FileAudio, X } from 'lucide-react';
import { useId } from 'react';
import { toast } from 'sonner';
import type { DraftForm } from './draft';
import { useKoruMutation } from '../app/koru';

/** Base64 of a file's bytes, in slices (one String.fromCharCode of megabytes overflows the stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

interface Props {
  program: DraftForm['program'];
  onChange: (program: DraftForm['program']) => void;
}

/** The audio a program mixes in (SBaGen's -m file): heard through "Input audio" voices. */
export function MixInputPanel({ program, onChange }: Props) {
  const inputId = useId();
  const usesMix = program.sets.some((s) => s.voices.some((v) => v.kind === 'mix'));
  const upload = useKoruMutation('sessions.importMixAudio', {
    onSuccess: (r, { file }) => {
      onChange({ ...program, mix: { file, asset: r.asset } });
      toast.success('Input audio attached', { description: `${file}, ${Math.round(r.durationSec)} s` });
    },
  });
  if (!program.mix && !usesMix) return null;
  const mix = program.mix;
  return (
    <div className="mix-input" data-testid="mix-input">
      <FileAudio size={16} aria-hidden="true" />
      <div className="mix-input__text">
        <strong>Input audio</strong>{' '}
        {mix?.asset ? (
          <span>{mix.file} — mixed in where a tone-set has an “Input audio” voice.</span>
        ) : (
          <span className="mix-input__missing">
            {mix ? `“${mix.file}” is not attached yet` : 'No file attached'}: add the audio file to hear it.
          </span>
        )}
      </div>
      <label className="button button--ghost" htmlFor={inputId}>
        {upload.isPending ? 'Adding…' : mix?.asset ? 'Replace file' : 'Add file'}
      </label>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept="audio/*,.ogg,.mp3,.wav,.flac"
        data-testid="mix-input-file"
        disabled={upload.isPending}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) upload.mutate({ file: f.name, data: await base64Of(f) });
        }}
      />
      {mix ? (
        <button
          type="button"
          className="icon-button"
          aria-label="Remove the input audio"
          onClick={() => {
            const { mix: _drop, ...rest } = program;
            onChange(rest);
          }}
        >
          <X size={16} aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}
