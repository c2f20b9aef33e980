import { FileAudio, FileText, Upload, X } from 'lucide-react';
import { useId, useState, type DragEvent } from 'react';
import { FILE_CAPS, fileTooLargeMessage, type FileInfo, type FileKind } from '../../../contract';
import { errorMessage } from '../app/errors';
import { acceptFor, useFiles } from '../app/files';
import { formatBytes } from '../format';

interface Props {
  kind: Extract<FileKind, 'audio' | 'subtitles'>;
  label: string;
  hint: string;
  file: FileInfo | null;
  onFile: (file: FileInfo | null) => void;
  error?: string | undefined;
  testId: string;
}

/** A file by drag and drop or by the picker (a file input in the browser, the Open dialog in the
 *  app), uploaded at once; the chosen file shows with a way to remove it. Keyboard: the picker is
 *  a real button or file input, and the drop area shows its focus. */
export function FileDrop({ kind, label, hint, file, onFile, error, testId }: Props) {
  const files = useFiles();
  const id = useId();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const Icon = kind === 'audio' ? FileAudio : FileText;

  const take = async (f: File | undefined) => {
    if (!f) return;
    setProblem(null);
    if (f.size > FILE_CAPS[kind]) {
      setProblem(fileTooLargeMessage(kind, f.size));
      return;
    }
    setBusy(f.name);
    try {
      onFile(await files.upload(f, kind));
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const pick = async () => {
    setProblem(null);
    try {
      const info = await files.pick(kind);
      if (info) onFile(info);
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void take(e.dataTransfer.files[0]);
  };
  const shown = problem ?? error;

  return (
    <div className="field">
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      <div
        className={`dub-drop${dragging ? ' dub-drop--over' : ''}${file ? ' dub-drop--chosen' : ''}${shown ? ' dub-drop--invalid' : ''}`}
        data-testid={testId}
        aria-busy={busy !== null}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon size={22} aria-hidden="true" className="dub-drop__icon" />
        <div className="dub-drop__text">
          {busy ? (
            <span role="status">Uploading {busy}…</span>
          ) : file ? (
            <span data-testid={`${testId}-name`}>
              <strong>{file.name}</strong> <span className="muted">{formatBytes(file.bytes)}</span>
            </span>
          ) : (
            <span className="muted">{hint}</span>
          )}
        </div>
        <div className="button-row">
          {files.desktop ? (
            <button type="button" className="button" onClick={() => void pick()} aria-describedby={`${id}-label`}>
              <Upload size={16} aria-hidden="true" /> {file ? 'Another…' : 'Choose…'}
            </button>
          ) : (
            <label className="button dub-drop__pick">
              <Upload size={16} aria-hidden="true" /> {file ? 'Another…' : 'Choose…'}
              <input
                type="file"
                className="visually-hidden"
                accept={acceptFor(kind)}
                aria-labelledby={`${id}-label`}
                disabled={busy !== null}
                data-testid={`${testId}-input`}
                onChange={(e) => {
                  void take(e.target.files?.[0]);
                  e.target.value = ''; // the same file again still fires a change
                }}
              />
            </label>
          )}
          {file ? (
            <button type="button" className="icon-button" aria-label={`Remove ${file.name}`} onClick={() => onFile(null)} data-testid={`${testId}-remove`}>
              <X size={16} aria-hidden="true" />
            </button>
          ) : null}
        </div>
      </div>
      {shown ? (
        <p className="field__error" role="alert" data-testid={`${testId}-error`}>
          {shown}
        </p>
      ) : null}
    </div>
  );
}
