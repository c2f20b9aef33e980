import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSpeechFixture, type SpeechFixture } from '../../test/dubbing-fixture';
import { readWav } from '../../test/audio-files';
import { dubCommand } from './dub';

const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'koru-dub-cli-'));
let fx: SpeechFixture;
beforeAll(async () => {
  fx = await makeSpeechFixture(dir);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const quiet = () => {
  const lines: string[] = [];
  return { lines, stderr: { write: (s: string) => (lines.push(s), true), isTTY: false } as unknown as NodeJS.WriteStream };
};

describe('koru dub', () => {
  it('re-voices an imported SRT offline (no key): the dub, its SRT, VTT and segments.json', async () => {
    const srt = path.join(dir, 'in.srt');
    fs.writeFileSync(srt, fx.lines.map((l, i) => `${i + 1}\n00:00:0${l.start.toFixed(3).replace('.', ',')} --> 00:00:0${l.end.toFixed(3).replace('.', ',')}\n${l.text}\n`).join('\n'));
    const { lines, stderr } = quiet();
    const out = path.join(dir, 'out.wav');
    const json = path.join(dir, 'segments.json');
    await dubCommand(fx.wav, { to: 'en', from: 'en', transcript: srt, output: out, srt: path.join(dir, 'out.srt'), vtt: path.join(dir, 'out.vtt'), json, dataDir: path.join(dir, 'data') }, { env: {}, stderr });
    expect(lines.join('')).toMatch(/voice replacement: no translation/);
    const wav = readWav(out);
    expect(wav.samples.length / wav.channels).toBe(fx.frames);
    const segs = (JSON.parse(fs.readFileSync(json, 'utf8')) as { segments: Array<{ id: string; sourceStart: number; dubStart: number; targetText: string }> }).segments;
    expect(segs.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    segs.forEach((s) => expect(s.dubStart).toBe(s.sourceStart));
    expect(fs.readFileSync(path.join(dir, 'out.vtt'), 'utf8')).toMatch(/^WEBVTT[\s\S]*Today we breathe slowly\./);
  }, 60_000);

  it('says why a translation cannot run offline, and refuses bad options before opening anything', async () => {
    const { stderr } = quiet();
    await expect(dubCommand(fx.wav, { to: 'fr', output: path.join(dir, 'x.wav'), dataDir: path.join(dir, 'data') }, { env: {}, stderr })).rejects.toMatchObject({ message: expect.stringMatching(/Transcribing needs .* import the transcript as SRT or VTT/) });
    // A transcript of unknown language into English: it may already be English, so say how to tell.
    const srt = path.join(dir, 'unsaid.srt');
    fs.writeFileSync(srt, '1\n00:00:00,600 --> 00:00:02,000\nWelcome to the lesson.\n');
    await expect(dubCommand(fx.wav, { to: 'en', transcript: srt, output: path.join(dir, 'x.wav'), dataDir: path.join(dir, 'data') }, { env: {}, stderr })).rejects.toMatchObject({
      message: expect.stringMatching(/needs a text provider .*; if the recording is already in English, give that as its language \(From, or --from\)\.$/),
    });
    await expect(dubCommand(fx.wav, { to: 'fr', output: path.join(dir, 'x.flac') }, { env: {}, stderr })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(dubCommand(fx.wav, { to: 'fr', maxStretch: '3', output: path.join(dir, 'x.wav') }, { env: {}, stderr })).rejects.toMatchObject({ message: expect.stringMatching(/stretch limit is 1× to 2×/) });
  }, 60_000);

  it('bad input ends with the typed reason and writes nothing: not audio, an overlapping transcript', async () => {
    const { stderr } = quiet();
    const notes = path.join(dir, 'notes.mp3');
    fs.writeFileSync(notes, 'These are my notes, not a recording.\n'.repeat(50));
    const out = path.join(dir, 'never.wav');
    await expect(dubCommand(notes, { to: 'en', from: 'en', output: out, dataDir: path.join(dir, 'data') }, { env: {}, stderr })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/Koru could not use "notes\.mp3": it is not an audio or video file Koru can read/),
    });
    const srt = path.join(dir, 'overlap.srt');
    fs.writeFileSync(srt, '1\n00:00:00,600 --> 00:00:03,000\nOne.\n\n2\n00:00:02,000 --> 00:00:04,000\nTwo.\n');
    await expect(dubCommand(fx.wav, { to: 'en', from: 'en', transcript: srt, output: out, dataDir: path.join(dir, 'data') }, { env: {}, stderr })).rejects.toMatchObject({ message: expect.stringMatching(/cue 1 .* overlaps cue 2/) });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  }, 60_000);
});
