import { FileAudio, X } from 'lucide-react';
import { useId, useRef } from 'react';
import { notify } from '../app/toasts';
import type { FileInfo } from '../../../contract';
import type { DraftForm } from './draft';
import { notifyError } from '../app/errors';
import { acceptFor, useFiles } from '../app/files';
import { useKoruMutation } from '../app/koru';

interface Props {
  program: DraftForm['program'];
  onChange: (program: DraftForm['program']) => void;
}

/** The audio a program mixes in (SBaGen's -m file): heard through "Input audio" voices. */
export function MixInputPanel({ program, onChange }: Props) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const files = useFiles();
  const usesMix = program.sets.some((s) => s.voices.some((v) => v.kind === 'mix'));
  const upload = useKoruMutation('sessions.importMixAudio');
  // The file travels by reference (an upload in the browser, the Open dialog in the desktop app).
  const attach = (info: FileInfo) =>
    upload.mutate(
      { fileId: info.fileId },
      {
        onSuccess: (r) => {
          onChange({ ...program, mix: { file: info.name, asset: r.asset } });
          notify('success', 'Input audio attached', { description: `${info.name}, ${Math.round(r.durationSec)} s` });
        },
        onError: (err) => notifyError(err, info.name),
      },
    );
  const choose = async () => {
    if (!files.desktop) return input.current?.click();
    try {
      const picked = await files.pick('audio');
      if (picked) attach(picked);
    } catch (err) {
      notifyError(err);
    }
  };
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
      <button type="button" className="button button--ghost" disabled={upload.isPending} onClick={() => void choose()}>
        {upload.isPending ? 'Adding…' : mix?.asset ? 'Replace file' : 'Add file'}
      </button>
      <input
        id={inputId}
        ref={input}
        className="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        accept={acceptFor('audio')}
        data-testid="mix-input-file"
        disabled={upload.isPending}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          try {
            attach(await files.upload(f, 'audio'));
          } catch (err) {
            notifyError(err, f.name);
          }
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
