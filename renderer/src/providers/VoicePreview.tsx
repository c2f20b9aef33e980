import { Play, Square } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ProviderId } from '../../../contract/providers';
import { errorMessage } from '../app/errors';
import { useKoruMutation } from '../app/koru';
import './providers.css';

/** "Preview": main speaks a short sample in this voice and sends it back as a small WAV. */
export function VoicePreview({ provider, voice, disabled = false, testId }: { provider: ProviderId; voice: string; disabled?: boolean; testId: string }) {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = () => {
    audio.current?.pause();
    audio.current = null;
    setPlaying(false);
  };
  useEffect(() => () => void audio.current?.pause(), []);
  // Another voice or provider: the sample playing is no longer this one's.
  useEffect(() => {
    stop();
    setError(null);
  }, [provider, voice]);

  const preview = useKoruMutation('providers.preview', {
    meta: { silent: true }, // the failure is shown next to the button
    onMutate: () => {
      stop();
      setError(null);
    },
    onSuccess: ({ wav }) => {
      const a = new Audio(`data:audio/wav;base64,${wav}`);
      audio.current = a;
      a.onended = () => audio.current === a && setPlaying(false);
      setPlaying(true);
      Promise.resolve()
        .then(() => a.play())
        .catch(() => {
          if (audio.current === a) setPlaying(false);
          setError('This browser would not play the sample.');
        });
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const label = playing ? 'Stop' : preview.isPending ? 'Voicing…' : 'Preview';
  return (
    <div className="voice-preview">
      <button
        type="button"
        className="button button--ghost"
        disabled={disabled || voice.trim() === '' || preview.isPending}
        onClick={() => (playing ? stop() : preview.mutate({ provider, voice }))}
        aria-label={playing ? 'Stop the voice preview' : 'Preview this voice'}
        data-testid={testId}
      >
        {playing ? <Square size={14} aria-hidden="true" /> : <Play size={14} aria-hidden="true" />} {label}
      </button>
      <span className="voice-preview__status" role="status" aria-live="polite" data-testid={`${testId}-status`}>
        {error ?? ''}
      </span>
    </div>
  );
}
