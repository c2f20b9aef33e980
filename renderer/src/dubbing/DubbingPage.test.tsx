// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Dub, DubRequest, FILE_CAPS, type DubSummary, type FileInfo, type PlaybackStatus } from '../../../contract';
import { IDLE } from '../playback/usePlayback';
import { providerStatuses } from '../providers/testing';
import { fakeClient, installDomShims, renderWithClient } from '../testing/fakeClient';
import { DubbingPage } from './DubbingPage';

beforeAll(() => {
  installDomShims();
  HTMLCanvasElement.prototype.getContext = (() => null) as never; // jsdom draws nothing
});
afterEach(cleanup);

const AUDIO: FileInfo = { fileId: 'f_AAAAAAAAAAAAAAAAAAAAAA', name: 'talk.mp3', kind: 'audio', bytes: 2_400_000 };
const steps = (state: 'done' | 'pending', running?: { name: string; fraction: number; state?: 'running' | 'failed' | 'cancelled' }) =>
  (['decode', 'transcribe', 'translate', 'voice', 'mix'] as const).map((name) =>
    running?.name === name ? { name, state: running.state ?? 'running', fraction: running.fraction } : { name, state, fraction: state === 'done' ? 1 : 0 },
  );

function dubOf(over: Partial<Dub> = {}): Dub {
  return Dub.parse({
    id: 'd1',
    title: 'talk → French',
    status: 'ready',
    to: 'French',
    durationSec: 12,
    createdAt: '2026-12-01T00:00:00Z',
    updatedAt: '2026-12-01T00:00:00Z',
    request: DubRequest.parse({ fileId: AUDIO.fileId, to: 'French' }),
    error: null,
    source: { name: 'talk.mp3', format: 'MP3', video: false, sampleRate: 44100, channels: 2, frames: 44100 * 12, durationSec: 12 },
    sourceLanguage: 'english',
    voiceReplacement: false,
    steps: steps('done'),
    segments: [
      { id: 's1', sourceStart: 0.6, sourceEnd: 2.0, sourceText: 'Welcome to the lesson.', targetText: 'Bienvenue.', speaker: null, voiced: true, dubStart: 0.6, dubEnd: 1.9, stretch: 1, overLimit: false },
      { id: 's2', sourceStart: 4.2, sourceEnd: 6.0, sourceText: 'Today we breathe slowly.', targetText: 'Aujourd’hui nous respirons.', speaker: null, voiced: true, dubStart: 4.2, dubEnd: 6.1, stretch: 1.32, overLimit: true },
    ],
    peaks: Array.from({ length: 200 }, (_, i) => (i % 2 ? 0.5 : -0.5)),
    ...over,
  });
}

const summary = (d: Dub): DubSummary => ({ id: d.id, title: d.title, status: d.status, to: d.to, durationSec: d.durationSec, createdAt: d.createdAt, updatedAt: d.updatedAt });

function renderPage(initial: Dub | null = null, opts: { uploadFails?: boolean } = {}) {
  let dub = initial;
  let status: PlaybackStatus = IDLE;
  const fake = fakeClient({
    'dubbing.list': () => (dub ? [summary(dub)] : []),
    'dubbing.get': () => dub!,
    'dubbing.create': (input) => {
      dub = dubOf({ status: 'working', steps: steps('pending', { name: 'decode', fraction: 0.4 }), segments: [], peaks: [], request: DubRequest.parse(input) });
      return dub;
    },
    'dubbing.cancel': () => {
      dub = { ...dub!, status: 'cancelled', steps: steps('pending', { name: 'decode', fraction: 0.4, state: 'cancelled' }) };
      return { ok: true };
    },
    'dubbing.resume': () => dub!,
    'dubbing.segment.update': (input) => {
      const { segmentId, targetText } = input as { segmentId: string; targetText: string };
      dub = { ...dub!, status: 'working', segments: dub!.segments.map((s) => (s.id === segmentId ? { ...s, targetText, voiced: false, stretch: null } : s)) };
      return dub;
    },
    'dubbing.options.update': (input) => {
      dub = { ...dub!, request: { ...dub!.request, ...(input as { patch: object }).patch } };
      return dub;
    },
    'dubbing.play': (input) => {
      const { atSec } = input as { atSec?: number };
      status = { ...IDLE, state: 'playing', sessionId: 'd1', sessionName: 'talk', elapsedSec: atSec ?? 0, durationSec: 12 };
      return status;
    },
    'dubbing.export': (input) => ({
      audio: { exportId: (input as { exportId: string }).exportId, path: '/exports/talk-fr.wav', bytes: 2_116_844, durationSec: 12, fileId: 'f_BBBBBBBBBBBBBBBBBBBBBB' },
      files: [{ fileId: 'f_CCCCCCCCCCCCCCCCCCCCCC', name: 'talk-fr.French.srt', kind: 'export', bytes: 120 }],
    }),
    'files.downloadLink': () => ({ url: '/files/x?t=1', expiresAt: '2026-12-01T00:05:00Z' }),
    'playback.status': () => status,
    'playback.stop': () => (status = IDLE),
    'providers.status': () => providerStatuses(),
    'jobs.list': () => [],
  });
  const uploads: Array<{ name: string; kind: string }> = [];
  Object.assign(fake.client, {
    transport: 'web',
    upload: async (file: File, o: { kind: string; name: string }) => {
      uploads.push(o);
      if (opts.uploadFails) throw Object.assign(new Error('The upload did not arrive whole; try again.'), { code: 'BAD_INPUT' });
      return { ...AUDIO, name: file.name, kind: o.kind };
    },
  });
  renderWithClient(<DubbingPage />, fake.client);
  return { fake, uploads, current: () => dub };
}

describe('Dubbing page', () => {
  it('takes a dropped recording, says what is missing, and starts the dub with the contract’s defaults', async () => {
    const { fake, uploads } = renderPage();
    fireEvent.click(screen.getByTestId('dub-start'));
    expect(await screen.findByText('drop or choose the recording to dub')).toBeTruthy();
    expect(fake.callsTo('dubbing.create')).toHaveLength(0);

    const drop = screen.getByTestId('dub-drop');
    fireEvent.drop(drop, { dataTransfer: { files: [new File(['ID3'], 'talk.mp3', { type: 'audio/mpeg' })] } });
    await waitFor(() => expect(screen.getByTestId('dub-drop-name').textContent).toMatch(/talk\.mp3/));
    expect(uploads).toEqual([{ kind: 'audio', name: 'talk.mp3' }]);
    fireEvent.change(screen.getByTestId('dub-to'), { target: { value: 'fr' } });
    fireEvent.click(screen.getByTestId('dub-start'));
    await waitFor(() => expect(fake.callsTo('dubbing.create')).toHaveLength(1));
    expect(fake.callsTo('dubbing.create')[0]).toEqual({ fileId: AUDIO.fileId, to: 'fr', maxStretch: 1.25, duckDb: -18, mix: 'over', glossary: [] });
    // The new dub opens with its steps: decode running at 40 %, the rest waiting, Cancel offered.
    const bar = await screen.findByRole('progressbar', { name: 'Decode' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByRole('progressbar', { name: 'Voice' }).getAttribute('aria-valuetext')).toBe('Voice: waiting, 0%');
    expect(document.activeElement).toBe(screen.getByTestId('dub-title'));
    fireEvent.click(screen.getByTestId('dub-cancel'));
    await waitFor(() => expect(fake.callsTo('dubbing.cancel')).toEqual([{ id: 'd1' }]));
    await screen.findByTestId('dub-resume');
    expect(screen.getByTestId('dub-step-decode').getAttribute('data-state')).toBe('cancelled');
  });

  it('refuses a file over the size cap before uploading, and shows an upload’s failure by the drop area', async () => {
    const { uploads } = renderPage(null, { uploadFails: true });
    const big = new File(['x'], 'huge.wav');
    Object.defineProperty(big, 'size', { value: FILE_CAPS.audio + 1 });
    fireEvent.change(screen.getByTestId('dub-drop-input'), { target: { files: [big] } });
    expect((await screen.findByTestId('dub-drop-error')).textContent).toMatch(/too large|at most/i);
    expect(uploads).toHaveLength(0);
    fireEvent.change(screen.getByTestId('dub-drop-input'), { target: { files: [new File(['x'], 'talk.wav')] } });
    await waitFor(() => expect(screen.getByTestId('dub-drop-error').textContent).toBe('The upload did not arrive whole; try again.'));
  });

  it('shows a failed step and its reason, and resumes', async () => {
    const failed = dubOf({ status: 'failed', error: 'Koru could not use "notes.mp3": it is not an audio or video file Koru can read.', steps: steps('pending', { name: 'decode', fraction: 0, state: 'failed' }), source: null, segments: [], peaks: [] });
    const { fake } = renderPage(failed);
    fireEvent.click(await screen.findByText('talk → French'));
    expect((await screen.findByTestId('dub-error')).textContent).toMatch(/not an audio or video file Koru can read/);
    expect(screen.getByTestId('dub-error').getAttribute('role')).toBe('alert');
    fireEvent.click(screen.getByTestId('dub-resume'));
    await waitFor(() => expect(fake.callsTo('dubbing.resume')).toEqual([{ id: 'd1' }]));
  });

  it('edits a line on blur (Escape puts it back), and plays A/B from the line chosen on the waveform by keyboard', async () => {
    const { fake } = renderPage(dubOf());
    fireEvent.click(await screen.findByText('talk → French'));
    expect((await screen.findByTestId('dub-fit-s2')).textContent).toMatch(/1\.32×.*over the limit/);

    const target = screen.getByTestId('dub-target-s1') as HTMLTextAreaElement;
    fireEvent.change(target, { target: { value: 'Oups' } });
    fireEvent.keyDown(target, { key: 'Escape' });
    expect(target.value).toBe('Bienvenue.');
    fireEvent.blur(target);
    const second = screen.getByTestId('dub-target-s2');
    fireEvent.change(second, { target: { value: 'Aujourd’hui, nous respirons lentement.' } });
    fireEvent.blur(second);
    await waitFor(() => expect(fake.callsTo('dubbing.segment.update')).toEqual([{ id: 'd1', segmentId: 's2', targetText: 'Aujourd’hui, nous respirons lentement.' }]));

    cleanup();
    const again = renderPage(dubOf());
    fireEvent.click(await screen.findByText('talk → French'));
    const wave = await screen.findByTestId('dub-wave');
    wave.focus();
    fireEvent.keyDown(wave, { key: 'ArrowRight' });
    expect(screen.getByTestId('dub-wave-caption').textContent).toMatch(/^Line 2 of 2 · 0:04\.2–0:06\.0 · Today we breathe slowly\./);
    fireEvent.keyDown(wave, { key: 'Enter' });
    await waitFor(() => expect(again.fake.callsTo('dubbing.play')).toEqual([{ id: 'd1', track: 'dub', atSec: 4.2 }]));
    // A/B: the other track from where the player is.
    await waitFor(() => expect(screen.getByTestId('dub-play-dub').getAttribute('aria-pressed')).toBe('true'));
    fireEvent.click(screen.getByTestId('dub-play-original'));
    await waitFor(() => expect(again.fake.callsTo('dubbing.play')[1]).toEqual({ id: 'd1', track: 'original', atSec: 4.2 }));
  });

  it('changes the mix only with valid values, and exports with every file listed for download', async () => {
    const { fake } = renderPage(dubOf());
    fireEvent.click(await screen.findByText('talk → French'));
    const duck = await screen.findByTestId('dub-view-duck');
    fireEvent.change(duck, { target: { value: '-70' } });
    fireEvent.blur(duck);
    expect(await screen.findByText(/ducking is -60 to 0 dB/)).toBeTruthy();
    fireEvent.change(duck, { target: { value: '-12' } });
    fireEvent.keyDown(duck, { key: 'Enter' });
    await waitFor(() => expect(fake.callsTo('dubbing.options.update')).toEqual([{ id: 'd1', patch: { duckDb: -12 } }]));

    fireEvent.click(screen.getByTestId('dub-export-wav'));
    const list = await screen.findByTestId('dub-exported');
    expect(within(list).getAllByRole('listitem').map((li) => li.querySelector('code')?.textContent)).toEqual(['talk-fr.wav', 'talk-fr.French.srt']);
    expect(fake.callsTo('dubbing.export')[0]).toMatchObject({ id: 'd1', format: 'wav' });
    fireEvent.click(within(list).getByRole('button', { name: 'Download talk-fr.French.srt' }));
    await waitFor(() => expect(fake.callsTo('files.downloadLink')).toEqual([{ fileId: 'f_CCCCCCCCCCCCCCCCCCCCCC' }]));
  });
});
