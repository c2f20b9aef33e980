import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { DUB_DEFAULTS, type Dub, type DubSegment, type FileInfo } from '../../../contract';
import { notifyError } from '../app/errors';
import { acceptFor, useFiles } from '../app/files';
import { useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';

/** The dubbing studio: drop or choose a file, pick the languages, watch the five steps, play the
 *  original and the dub (A/B), edit any line (only that line is voiced again), export. */
export function DubbingPage() {
  const [selected, setSelected] = useState<string | null>(null);
  const qc = useQueryClient();
  const list = useKoruQuery('dubbing.list', {});
  useKoruEvent('dubbing.updated', () => void qc.invalidateQueries({ queryKey: ['dubbing.list'] }));
  return (
    <section className="page" aria-labelledby="dubbing-title">
      <h1 id="dubbing-title">Dubbing</h1>
      <NewDub onCreated={setSelected} />
      <ul className="dub-list" data-testid="dub-list">
        {(list.data ?? []).map((d) => (
          <li key={d.id}>
            <button type="button" aria-current={selected === d.id} onClick={() => setSelected(d.id)} data-testid="dub-item">
              {d.title} — {d.status}
            </button>
          </li>
        ))}
      </ul>
      {selected ? <DubView id={selected} /> : null}
    </section>
  );
}

function NewDub({ onCreated }: { onCreated: (id: string) => void }) {
  const files = useFiles();
  const [audio, setAudio] = useState<FileInfo | null>(null);
  const [transcript, setTranscript] = useState<FileInfo | null>(null);
  const [to, setTo] = useState('');
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const create = useKoruMutation('dubbing.create', { onSuccess: (d) => onCreated(d.id), onError: (e) => notifyError(e, 'The dub could not start') });
  const take = async (file: File | undefined, kind: 'audio' | 'subtitles') => {
    if (!file) return;
    setBusy(true);
    try {
      const info = await files.upload(file, kind);
      if (kind === 'audio') setAudio(info);
      else setTranscript(info);
    } catch (err) {
      notifyError(err, 'The file could not be uploaded');
    } finally {
      setBusy(false);
    }
  };
  const choose = async (kind: 'audio' | 'subtitles') => {
    const info = await files.pick(kind).catch((e: unknown) => (notifyError(e), null));
    if (info) (kind === 'audio' ? setAudio : setTranscript)(info);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void take(e.dataTransfer.files[0], 'audio');
  };
  return (
    <form
      className="dub-new"
      onSubmit={(e) => {
        e.preventDefault();
        if (audio) create.mutate({ fileId: audio.fileId, to, ...(from.trim() ? { from } : {}), ...(transcript ? { transcriptFileId: transcript.fileId } : {}) });
      }}
    >
      <div className="dub-drop" data-testid="dub-drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        {audio ? `${audio.name} (${(audio.bytes / 1e6).toFixed(1)} MB)` : 'Drop an audio or video file here'}
        {files.desktop ? (
          <button type="button" onClick={() => void choose('audio')}>
            Choose…
          </button>
        ) : (
          <input type="file" aria-label="Audio or video file" accept={acceptFor('audio')} data-testid="dub-file" onChange={(e) => void take(e.target.files?.[0], 'audio')} />
        )}
      </div>
      <label>
        Transcript (SRT or VTT, optional: works offline)
        {files.desktop ? (
          <button type="button" onClick={() => void choose('subtitles')}>
            {transcript ? transcript.name : 'Choose…'}
          </button>
        ) : (
          <input type="file" accept={acceptFor('subtitles')} data-testid="dub-transcript" onChange={(e) => void take(e.target.files?.[0], 'subtitles')} />
        )}
      </label>
      <label>
        Into (language name or code; the source language re-voices without translating)
        <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="French, fr, pt-BR…" data-testid="dub-to" required />
      </label>
      <label>
        From (optional: transcription detects it)
        <input value={from} onChange={(e) => setFrom(e.target.value)} data-testid="dub-from" />
      </label>
      <button type="submit" disabled={!audio || !to.trim() || busy || create.isPending} data-testid="dub-start">
        Dub it
      </button>
    </form>
  );
}

function DubView({ id }: { id: string }) {
  const qc = useQueryClient();
  const dub = useKoruQuery('dubbing.get', { id }, { refetchInterval: (q) => (q.state.data?.status === 'working' ? 500 : false) });
  useKoruEvent('dubbing.updated', (p) => p.id === id && void qc.invalidateQueries({ queryKey: ['dubbing.get', { id }] }));
  const refresh = { onSuccess: () => void qc.invalidateQueries({ queryKey: ['dubbing.get', { id }] }), onError: (e: Error) => notifyError(e) };
  const cancel = useKoruMutation('dubbing.cancel', refresh);
  const resume = useKoruMutation('dubbing.resume', refresh);
  const play = useKoruMutation('dubbing.play', { onError: (e) => notifyError(e, 'Could not play') });
  const options = useKoruMutation('dubbing.options.update', refresh);
  const files = useFiles();
  const exp = useKoruMutation('dubbing.export', { onError: (e) => notifyError(e, 'The export failed') });
  const status = useKoruQuery('playback.status', {});
  const d = dub.data;
  if (!d) return null;
  const at = status.data?.sessionId === id ? status.data.elapsedSec : 0;
  return (
    <article className="dub" data-testid="dub-view" data-status={d.status}>
      <h2>{d.title}</h2>
      {d.error ? (
        <p role="alert" data-testid="dub-error">
          {d.error}
        </p>
      ) : null}
      <ol className="dub-steps">
        {d.steps.map((s) => (
          <li key={s.name} data-testid={`dub-step-${s.name}`} data-state={s.state}>
            {s.name} <progress max={1} value={s.fraction} aria-label={`${s.name} progress`} />
          </li>
        ))}
      </ol>
      {d.status === 'working' ? (
        <button type="button" onClick={() => cancel.mutate({ id })} data-testid="dub-cancel">
          Cancel
        </button>
      ) : d.status !== 'ready' ? (
        <button type="button" onClick={() => resume.mutate({ id })} data-testid="dub-resume">
          Resume
        </button>
      ) : null}
      <Waveform dub={d} />
      <div className="dub-ab" role="group" aria-label="A/B">
        <button type="button" disabled={!d.source} onClick={() => play.mutate({ id, track: 'original', atSec: at })} data-testid="dub-play-original">
          Original
        </button>
        <button type="button" disabled={d.status !== 'ready'} onClick={() => play.mutate({ id, track: 'dub', atSec: at })} data-testid="dub-play-dub">
          Dub
        </button>
        <label>
          Original under the dub (dB)
          <input type="number" min={-60} max={0} defaultValue={d.request.duckDb} onBlur={(e) => options.mutate({ id, patch: { duckDb: Number(e.target.value) } })} />
        </label>
        <label>
          Stretch limit
          <input type="number" min={1} max={2} step={0.05} defaultValue={d.request.maxStretch ?? DUB_DEFAULTS.maxStretch} onBlur={(e) => options.mutate({ id, patch: { maxStretch: Number(e.target.value) } })} />
        </label>
      </div>
      <table className="dub-lines">
        <thead>
          <tr>
            <th>Time</th>
            <th>Source{d.sourceLanguage ? ` (${d.sourceLanguage})` : ''}</th>
            <th>{d.voiceReplacement ? 'Re-voiced' : `Target (${d.request.to})`}</th>
            <th>Fit</th>
          </tr>
        </thead>
        <tbody>
          {d.segments.map((s) => (
            <Line key={s.id} dubId={id} s={s} editable={d.status !== 'working'} />
          ))}
        </tbody>
      </table>
      <div className="dub-export">
        {(['wav', 'mp3'] as const).map((format) => (
          <button key={format} type="button" disabled={d.status !== 'ready' || exp.isPending} onClick={() => exp.mutate({ id, format })} data-testid={`dub-export-${format}`}>
            Export {format.toUpperCase()}
          </button>
        ))}
        {exp.data ? (
          <ul data-testid="dub-exported">
            {[{ fileId: exp.data.audio.fileId, name: exp.data.audio.path.split(/[\\/]/).pop()! }, ...exp.data.files].map((f) => (
              <li key={f.fileId}>
                <button type="button" onClick={() => void (files.desktop ? files.reveal(f.fileId) : files.download(f.fileId)).catch((e: unknown) => notifyError(e))}>
                  {f.name}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </article>
  );
}

function Line({ dubId, s, editable }: { dubId: string; s: DubSegment; editable: boolean }) {
  const qc = useQueryClient();
  const update = useKoruMutation('dubbing.segment.update', { onSuccess: () => void qc.invalidateQueries({ queryKey: ['dubbing.get', { id: dubId }] }), onError: (e) => notifyError(e, 'The line could not be changed') });
  const edit = (field: 'sourceText' | 'targetText', value: string, was: string | null) => {
    if (value.trim() && value !== was) update.mutate({ id: dubId, segmentId: s.id, [field]: value });
  };
  return (
    <tr data-testid={`dub-line-${s.id}`}>
      <td>{s.sourceStart.toFixed(2)} s</td>
      <td>
        <textarea aria-label={`Source ${s.id}`} defaultValue={s.sourceText} disabled={!editable} onBlur={(e) => edit('sourceText', e.target.value, s.sourceText)} />
      </td>
      <td>
        <textarea aria-label={`Target ${s.id}`} key={s.targetText ?? ''} defaultValue={s.targetText ?? ''} disabled={!editable || s.targetText === null} onBlur={(e) => edit('targetText', e.target.value, s.targetText)} data-testid={`dub-target-${s.id}`} />
      </td>
      <td>{s.stretch === null ? (s.voiced ? 'voiced' : '—') : `${s.stretch.toFixed(2)}×${s.overLimit ? ' (over the limit)' : ''}`}</td>
    </tr>
  );
}

/** The waveform overview with each line's region shaded. */
function Waveform({ dub }: { dub: Dub }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const g = c?.getContext('2d');
    if (!c || !g || !dub.source) return;
    const w = c.width;
    const h = c.height;
    g.clearRect(0, 0, w, h);
    g.fillStyle = 'rgba(120, 160, 255, 0.25)';
    for (const s of dub.segments) g.fillRect((s.sourceStart / dub.source.durationSec) * w, 0, Math.max(1, ((s.sourceEnd - s.sourceStart) / dub.source.durationSec) * w), h);
    g.strokeStyle = '#7aa2f7';
    g.beginPath();
    const n = dub.peaks.length / 2;
    for (let i = 0; i < n; i++) {
      const x = (i / n) * w;
      g.moveTo(x, h / 2 - dub.peaks[2 * i + 1]! * (h / 2));
      g.lineTo(x, h / 2 - dub.peaks[2 * i]! * (h / 2));
    }
    g.stroke();
  }, [dub]);
  return <canvas ref={ref} width={900} height={90} className="dub-wave" aria-label="Waveform with the lines marked" data-testid="dub-wave" />;
}
