import { Mp3Encoder } from '@breezystack/lamejs';
import { pcmBytes, startMock, toneFor, type MockServer, type Route } from './harness';

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

export async function startElevenLabsMock(o: { key?: string; maxChars?: number; transcript?: (bytes: number) => string } = {}): Promise<MockServer> {
  const key = o.key ?? ELEVENLABS_MOCK_KEY;
  const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const routes: Route[] = [
    {
      // Scribe: multipart with `file` and `model_id`; the chunk response with words.
      method: 'POST',
      pattern: /^\/v1\/speech-to-text$/,
      endpoint: 'POST /v1/speech-to-text',
      async handle(req) {
        const form = await new Response(new Uint8Array(req.raw), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
        const file = form.get('file') as File | null;
        if (!file || !form.get('model_id')) return { status: 422, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ detail: [{ loc: ['body', 'file'], msg: 'field required', type: 'value_error.missing' }] }) };
        const text = o.transcript ? o.transcript(file.size) : `Heard ${file.size} bytes.`;
        const words = text.split(/\s+/).map((w, i) => ({ text: w, start: i * 0.3, end: i * 0.3 + 0.25, type: 'word', logprob: -0.1 }));
        return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language_code: 'eng', language_probability: 0.99, text, words }) };
      },
    },
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
