import { useQueryClient } from '@tanstack/react-query';
import { Play, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import { issuesMessage } from '../../../contract/issues';
import { PracticeSettingsPatch, practiceSessionId, VOICED_COUNT_MAX, type Mantra, type PracticeSettings } from '../../../contract/practice';
import type { ProviderId } from '../../../contract/providers';
import { koruKey, useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';
import { ExportPanel } from '../export/ExportPanel';
import { usePlaybackCommand, usePlaybackStatus } from '../playback/usePlayback';
import { PROVIDER_NAMES } from '../providers/names';
import { NumberField, SelectField } from '../ui/fields';
import { Slider } from '../ui/Slider';
import { MalaWheel } from './MalaWheel';
import { usePracticeStats } from './usePractice';

type Field = keyof PracticeSettings;

/** The prayer wheel: the mantra spoken by a voice at a steady pace over a session as the bed,
 *  a bell at each round's end; played live through the player (every repetition heard counts)
 *  or exported to a file. Settings are kept per mantra as they change. */
export function VoicedPanel({ mantra }: { mantra: Mantra }) {
  const queryClient = useQueryClient();
  const key = koruKey('practice.settings.get', { mantraId: mantra.id });
  const saved = useKoruQuery('practice.settings.get', { mantraId: mantra.id });
  const presets = useKoruQuery('presets.list', {});
  const providers = useKoruQuery('providers.status', {});
  const stats = usePracticeStats(mantra.id);
  const [draft, setDraft] = useState<PracticeSettings | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  useEffect(() => setDraft(saved.data ?? null), [saved.data]);
  const voices = useKoruQuery('providers.voices', { provider: (draft?.provider ?? 'offline') as ProviderId }, { enabled: draft !== null });

  const update = useKoruMutation('practice.settings.update', { onSuccess: (s) => queryClient.setQueryData(key, s) });
  const play = useKoruMutation('practice.play', { onSuccess: (status) => queryClient.setQueryData(koruKey('playback.status', {}), status) });
  const stop = usePlaybackCommand('playback.stop');
  const status = usePlaybackStatus();
  const playing = status.sessionId === practiceSessionId(mantra.id) && status.state !== 'idle';
  // The bell is in the audio; the page says the round is done.
  const [rounds, setRounds] = useState(0);
  useKoruEvent('practice.updated', (p) => {
    if (p.mantraId === mantra.id && p.roundsCompleted > 0 && playing) setRounds((n) => n + p.roundsCompleted);
  });

  /** Checked here with the contract's own schema; only a valid change is saved. */
  const change = <F extends Field>(field: F, value: PracticeSettings[F]) => {
    if (!draft) return;
    setDraft({ ...draft, [field]: value });
    const patch = { [field]: value };
    const r = PracticeSettingsPatch.safeParse(patch);
    setErrors((e) => ({ ...e, [field]: r.success ? undefined : issuesMessage(r.error) }));
    if (r.success) update.mutate({ mantraId: mantra.id, patch: r.data });
  };

  if (!draft) return <p className="muted">Loading…</p>;
  const speechProviders = (providers.data ?? []).filter((p) => p.capabilities.includes('speech') && p.configured);
  const s = stats.data;
  return (
    <div className="practice-voiced">
      <div className="practice-count__wheel">
        <MalaWheel bead={s?.bead ?? 0} roundSize={s?.roundSize ?? draft.roundSize} pausing={false} />
        <div className="button-row">
          {playing ? (
            <button type="button" className="button button--primary" onClick={() => stop.mutate({})} data-testid="practice-voiced-stop">
              <Square size={16} aria-hidden="true" /> Stop
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={play.isPending} onClick={() => play.mutate({ mantraId: mantra.id })} data-testid="practice-voiced-play">
              <Play size={16} aria-hidden="true" /> {play.isPending ? 'Voicing…' : 'Play'}
            </button>
          )}
        </div>
        <p className="muted" role="status" aria-live="polite">
          {playing ? `Turning — ${s?.today.count.toLocaleString() ?? 0} repetitions today.` : 'Every repetition you hear is counted.'}
          {rounds > 0 ? ` ${rounds === 1 ? 'A round' : `${rounds} rounds`} complete.` : ''}
        </p>
      </div>
      <div className="practice-count__side">
        <section className="panel" aria-labelledby="practice-voiced-settings">
          <header className="panel__header">
            <h3 id="practice-voiced-settings">Prayer wheel</h3>
          </header>
          <div className="grid grid--2">
            <NumberField label="Repetitions" value={draft.voicedCount} onChange={(v) => change('voicedCount', v)} error={errors.voicedCount} hint={`1 to ${VOICED_COUNT_MAX.toLocaleString()}`} testId="practice-voiced-count" />
            <NumberField label="Beads in a round" value={draft.roundSize} onChange={(v) => change('roundSize', v)} error={errors.roundSize} testId="practice-round-size" />
            <NumberField label="Pause between" value={draft.gapSec} step={0.1} unit="s" onChange={(v) => change('gapSec', v)} error={errors.gapSec} testId="practice-gap" />
            <NumberField label="Guru-bead pause" value={draft.guruPauseSec} unit="s" onChange={(v) => change('guruPauseSec', v)} error={errors.guruPauseSec} testId="practice-guru-pause" />
            <NumberField label="Daily target" value={draft.dailyTarget} onChange={(v) => change('dailyTarget', v)} error={errors.dailyTarget} testId="practice-daily-target" />
            <SelectField
              label="Bed"
              value={draft.bed}
              options={[{ value: 'none', label: 'None (voice only)' }, ...(presets.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
              onChange={(v) => change('bed', v)}
              testId="practice-bed"
            />
            <SelectField
              label="Voice provider"
              value={draft.provider ?? ''}
              options={[{ value: '', label: 'As in Settings' }, ...speechProviders.map((p) => ({ value: p.provider, label: PROVIDER_NAMES[p.provider] }))]}
              onChange={(v) => {
                if (!draft) return;
                const provider = v === '' ? null : (v as ProviderId);
                setDraft({ ...draft, provider, voice: null });
                update.mutate({ mantraId: mantra.id, patch: { provider, voice: null } });
              }}
              testId="practice-provider"
            />
            <SelectField
              label="Voice"
              value={draft.voice ?? ''}
              options={[{ value: '', label: 'Its configured voice' }, ...(voices.data?.voices ?? []).map((v) => ({ value: v.id, label: v.name }))]}
              onChange={(v) => change('voice', v === '' ? null : v)}
              testId="practice-voice"
            />
          </div>
          <Slider label="Voice and bed" value={draft.balance} onChange={(v) => setDraft({ ...draft, balance: v })} onCommit={(v) => change('balance', v)} valueText={`${Math.round(draft.balance * 100)}% voice`} />
        </section>
        <ExportPanel channel="practice.export" id={mantra.id} name={mantra.text} note={`${draft.voicedCount.toLocaleString()} repetitions${draft.bed === 'none' ? '' : ' over the bed'}, a bell after every ${draft.roundSize.toLocaleString()}.`} testId="practice-export" />
      </div>
    </div>
  );
}
