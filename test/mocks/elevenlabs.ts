import { Mp3Encoder } from '@breezystack/lamejs';
import { pcmBytes, startMock, toneFor, type MockServer, type Route } from './harness';
import { hear, lineFor, wordsOf } from './listen';

/** ElevenLabs' wire format for text-to-speech, voices and models. SDK baseUrl: `url`. */
export const ELEVENLABS_MOCK_KEY = 'el-mock-key-0123456789';

export const ELEVENLABS_MOCK_VOICES = [
  { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', labels: { accent: 'american' }, verified_languages: [{ language: 'en', model_id: 'eleven_multilingual_v2' }] },
  { voice_id: 'AZnzlk1XvdvUeBnXmlld', name: 'Domi', labels: {}, verified_languages: [] },
];

function mp3(samples: Int16Array, rate: number): Buffer {
  const enc = new Mp3Encoder(1, rate, 64);
  const parts: Buffer[] = [];
  const add = (b: Int8Array | Uint8Array) => parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  for (let i = 0; i < samples.length; i += 1152) add(enc.encodeBuffer(samples.subarray(i, i + 1152)));
  add(enc.flush());
  return Buffer.concat(parts);
}

export async function startElevenLabsMock(
  o: {
    key?: string;
    maxChars?: number;
    /** What Scribe hears, one line per stretch of sound in the uploaded WAV (cycling). */
    lines?: readonly string[];
    /** Or the whole of what it hears, whatever was uploaded (an assistant's turn). */
    transcript?: (bytes: number) => string;
  } = {},
): Promise<MockServer> {
  const key = o.key ?? ELEVENLABS_MOCK_KEY;
  const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/text-to-speech\/([^/]+)$/,
      endpoint: 'POST /v1/text-to-speech/:voice_id',
      handle(req, m) {
        const body = req.json as { text?: string; model_id?: string };
        if (!ELEVENLABS_MOCK_VOICES.some((v) => v.voice_id === m[1])) {
          return { status: 404, ...json({ detail: { status: 'voice_not_found', message: `A voice with the voice_id ${m[1]} was not found.` } }) };
        }
        if (!body?.text) return { status: 422, ...json({ detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] }) };
        const format = req.query.get('output_format') ?? 'mp3_44100_128';
        const [codec, rateText] = format.split('_');
        const rate = Number(rateText);
        const tone = toneFor(body.text, rate);
        if (codec === 'pcm') return { headers: { 'content-type': 'audio/pcm' }, body: pcmBytes(tone) };
        return { headers: { 'content-type': 'audio/mpeg' }, body: mp3(tone, rate) };
      },
    },
    {
      // Scribe: words (with the spacing between them as their own entries) and diarized speakers.
      method: 'POST',
      pattern: /^\/v1\/speech-to-text$/,
      endpoint: 'POST /v1/speech-to-text',
      async handle(req) {
        const form = await new Response(new Uint8Array(req.raw), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
        const file = form.get('file') as File | null;
        if (!form.get('model_id')) return { status: 422, ...json({ detail: [{ loc: ['body', 'model_id'], msg: 'field required', type: 'value_error.missing' }] }) };
        if (file && o.transcript) {
          const text = o.transcript(file.size);
          const words = text.split(/\s+/).map((w, i) => ({ text: w, start: i * 0.3, end: i * 0.3 + 0.25, type: 'word', logprob: -0.1 }));
          return json({ language_code: 'eng', language_probability: 0.99, text, words });
        }
        const heard = file ? hear(new Uint8Array(await file.arrayBuffer())) : null;
        if (!heard) return { status: 400, ...json({ detail: { status: 'invalid_audio', message: 'The uploaded file could not be decoded.' } }) };
        const diarize = String(form.get('diarize')) === 'true';
        const words = heard.regions.flatMap((r, i) => {
          const speaker_id = diarize ? `speaker_${i % 2}` : undefined;
          return wordsOf(lineFor(i, o.lines), r.start, r.end).flatMap((w, k) => [
            ...(k > 0 || i > 0 ? [{ text: ' ', start: w.start, end: w.start, type: 'spacing', speaker_id, logprob: 0 }] : []),
            { text: w.word, start: w.start, end: w.end, type: 'word', speaker_id, logprob: -0.05 },
          ]);
        });
        const text = heard.regions.map((_, i) => lineFor(i, o.lines)).join(' ');
        return json({ language_code: 'eng', language_probability: 0.98, text, words, transcription_id: 'mock-transcript' });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/voices$/,
      endpoint: 'GET /v1/voices',
      handle: () => json({ voices: ELEVENLABS_MOCK_VOICES }),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/voices$/,
      endpoint: 'GET /v2/voices',
      handle: () => json({ voices: ELEVENLABS_MOCK_VOICES, has_more: false, total_count: ELEVENLABS_MOCK_VOICES.length, next_page_token: null }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      endpoint: 'GET /v1/models',
      handle: () =>
        json([
          { model_id: 'eleven_multilingual_v2', name: 'Eleven Multilingual v2', can_do_text_to_speech: true, maximum_text_length_per_request: o.maxChars ?? 10_000 },
          { model_id: 'eleven_flash_v2_5', name: 'Eleven Flash v2.5', can_do_text_to_speech: true, maximum_text_length_per_request: 40_000 },
        ]),
    },
  ];
  return startMock({
    routes,
    authorized: (req) => req.headers['xi-api-key'] === key,
    errorBody: (status, kind) => {
      if (kind === 'el_concurrency') {
        return { detail: { status: 'too_many_concurrent_requests', message: 'You have too many concurrent requests; your plan allows 2.' } };
      }
      if (kind === 'el_busy' || status === 429) {
        return { detail: { status: 'system_busy', message: 'We are experiencing heavy traffic, please try again later.' } };
      }
      if (status === 401) return { detail: { status: 'invalid_api_key', message: 'Invalid API key' } };
      return { detail: { status: 'mock_error', message: `mock ${kind}` } };
    },
  });
}
