import { WebSocketServer, type WebSocket } from 'ws';
import { pcmBytes, startMock, toneFor, type MockServer, type Route } from './harness';

/**
 * Deepgram's wire formats: prerecorded `POST /v1/listen` (raw audio body, `Authorization: Token
 * <key>`), `GET /v1/projects`, and the Voice Agent on a real WebSocket at `/v1/agent/converse`
 * on the same port. The agent answers `Settings` with `Welcome` + `SettingsApplied`, speaks the
 * greeting, and once it has heard `speechBytes` of microphone audio plays one scripted turn:
 * `UserStartedSpeaking`, the user's `ConversationText`, `AgentThinking`, a client-side
 * `FunctionCallRequest`; then waits for the matching `FunctionCallResponse` before it answers.
 */
export const DEEPGRAM_MOCK_KEY = 'dg-mock-key-0123456789';

export interface DeepgramTurn {
  transcript: string;
  call?: { name: string; arguments: string };
  reply: string;
}

export interface DeepgramMockOptions {
  key?: string;
  /** What prerecorded transcription answers. */
  transcript?: (bytes: number) => string;
  /** The agent's scripted turns, one per stretch of speech heard. */
  turns?: DeepgramTurn[];
  /** Microphone bytes that count as one utterance (default 0.4 s of 24 kHz linear16). */
  speechBytes?: number;
  /** Drop the socket (no close frame) right after sending a function call request. */
  dropAfterCall?: boolean;
}

export interface DeepgramAgentLog {
  /** Every JSON message the agent received, in order. */
  received: Array<{ type: string; [k: string]: unknown }>;
  audioBytes: number;
  connections: number;
  /** Authorization headers seen on upgrade (to check the key went only here). */
  authorizations: string[];
}

export type DeepgramMock = MockServer & { agent: DeepgramAgentLog };

export async function startDeepgramMock(o: DeepgramMockOptions = {}): Promise<DeepgramMock> {
  const key = o.key ?? DEEPGRAM_MOCK_KEY;
  const speechBytes = o.speechBytes ?? 24_000 * 2 * 0.4;
  const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const log: DeepgramAgentLog = { received: [], audioBytes: 0, connections: 0, authorizations: [] };
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/listen$/,
      endpoint: 'POST /v1/listen',
      handle(req) {
        if (req.raw.length === 0) return { status: 400, ...json({ err_code: 'Bad Request', err_msg: 'Bad Request: failed to process audio: corrupt or unsupported data', request_id: 'mock' }) };
        const transcript = o.transcript ? o.transcript(req.raw.length) : `Heard ${req.raw.length} bytes.`;
        const words = transcript.split(/\s+/).filter(Boolean).map((w, i) => ({ word: w.toLowerCase(), start: i * 0.3, end: i * 0.3 + 0.25, confidence: 0.98, punctuated_word: w }));
        return json({
          metadata: { request_id: 'mock-req', created: new Date().toISOString(), duration: words.length * 0.3, channels: 1, models: ['mock-model'], model_info: {} },
          results: { channels: [{ alternatives: [{ transcript, confidence: 0.98, words }] }] },
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/projects$/,
      endpoint: 'GET /v1/projects',
      handle: () => json({ projects: [{ project_id: 'p1', name: 'Mock project' }] }),
    },
  ];

  const wss = new WebSocketServer({ noServer: true });
  const agentAudio = (text: string, rate: number) => pcmBytes(toneFor(text, rate));

  wss.on('connection', (ws: WebSocket) => {
    log.connections++;
    const turns = [...(o.turns ?? [])];
    let rate = 24_000;
    let heard = 0;
    let waiting: { id: string; turn: DeepgramTurn } | null = null;
    let busy = false;
    const send = (m: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const speak = (text: string) => {
      send({ type: 'ConversationText', role: 'assistant', content: text });
      send({ type: 'AgentStartedSpeaking', total_latency: 0.5, tts_latency: 0.2, ttt_latency: 0.3 });
      const audio = agentAudio(text, rate);
      for (let i = 0; i < audio.length; i += rate) ws.send(audio.subarray(i, Math.min(audio.length, i + rate)));
      send({ type: 'AgentAudioDone' });
    };
    send({ type: 'Welcome', request_id: 'mock-request' });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const n = Buffer.isBuffer(data) ? data.length : Buffer.concat(data as Buffer[]).length;
        log.audioBytes += n;
        heard += n;
        if (!busy && !waiting && heard >= speechBytes && turns.length > 0) {
          busy = true;
          heard = 0;
          const turn = turns.shift()!;
          send({ type: 'UserStartedSpeaking' });
          send({ type: 'ConversationText', role: 'user', content: turn.transcript });
          send({ type: 'AgentThinking', content: '' });
          if (turn.call) {
            const id = `fc_${Math.random().toString(36).slice(2, 10)}`;
            waiting = { id, turn };
            send({ type: 'FunctionCallRequest', functions: [{ id, name: turn.call.name, arguments: turn.call.arguments, client_side: true }] });
            if (o.dropAfterCall) ws.terminate();
          } else {
            speak(turn.reply);
            busy = false;
          }
        }
        return;
      }
      let m: { type: string; [k: string]: unknown };
      try {
        m = JSON.parse(data.toString()) as typeof m;
      } catch {
        send({ type: 'Error', description: 'Invalid JSON', code: 'INVALID_JSON' });
        return;
      }
      log.received.push(m);
      if (m.type === 'Settings') {
        const s = m as { audio?: { input?: { sample_rate?: number }; output?: { sample_rate?: number } }; agent?: { think?: { functions?: unknown }; greeting?: string } };
        if (!s.audio || !s.agent || (s.agent.think?.functions !== undefined && !Array.isArray(s.agent.think.functions))) {
          send({ type: 'Error', description: 'Settings are missing audio or agent', code: 'INVALID_SETTINGS' });
          return;
        }
        rate = s.audio.output?.sample_rate ?? 24_000;
        send({ type: 'SettingsApplied' });
        if (s.agent.greeting) speak(s.agent.greeting);
      } else if (m.type === 'FunctionCallResponse') {
        if (!waiting || m.id !== waiting.id) {
          send({ type: 'Warning', description: `No function call is waiting for id ${String(m.id)}`, code: 'UNKNOWN_FUNCTION_CALL' });
          return;
        }
        const { turn } = waiting;
        waiting = null;
        speak(turn.reply);
        busy = false;
      }
    });
  });

  const server = await startMock({
    routes,
    authorized: (req) => req.headers.authorization === `Token ${key}`,
    errorBody: (status, kind) => ({ err_code: status === 401 ? 'INVALID_AUTH' : `MOCK_${kind.toUpperCase()}`, err_msg: status === 401 ? 'Invalid credentials.' : `mock ${kind}`, request_id: 'mock' }),
    onUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://mock').pathname;
      log.authorizations.push(String(req.headers.authorization ?? ''));
      if (path !== '/v1/agent/converse') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      if (req.headers.authorization !== `Token ${key}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\r\n{"err_code":"INVALID_AUTH"}');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
  });
  const close = server.close;
  return Object.assign(server, {
    agent: log,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await close();
    },
  });
}
