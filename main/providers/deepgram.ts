import { DeepgramClient, type Deepgram } from '@deepgram/sdk';
import WebSocket from 'ws';
import { KoruError } from '../../contract/errors';
import { cloudOf } from '../../contract/providers';
import { ProviderError, toProviderError } from './errors';
import type { AgentConnection, AgentEvent, AgentSettings, Transcriber, VoiceAgent } from './types';
import type { Connection, Vendor } from './vendor';

/**
 * Deepgram: prerecorded transcription on the official SDK (`listen.v1.media.transcribeFile`,
 * guarded fetch), and the Voice Agent (`/v1/agent/converse`) over a `ws` WebSocket opened here in
 * main. The agent socket is ours rather than the SDK's: its reconnecting wrapper would reopen a
 * conversation without its Settings, and opening it here is where the key's origin is checked.
 */
export interface DeepgramOptions {
  apiKey: string;
  /** REST root, e.g. https://api.deepgram.com (a mock: http://127.0.0.1:port). */
  baseUrl: string;
  fetch?: typeof fetch;
  transcribeModel?: string;
  thinkModel?: string;
  speakModel?: string;
  timeoutMs?: number;
}

const AGENT_PATH = '/v1/agent/converse';
/** Deepgram's own endpoint serves the agent from its sibling host; any other server serves both. */
const DEFAULT_AGENT_ORIGIN = 'wss://agent.deepgram.com';
/** The agent closes an idle socket; a KeepAlive well inside its timeout keeps it open. */
const KEEPALIVE_MS = 8000;

/** Where the agent socket may go for this REST endpoint, and nowhere else. */
export function agentUrl(baseUrl: string): string {
  const rest = new URL(baseUrl);
  if (rest.origin === new URL(cloudOf('deepgram').defaultBaseUrl).origin) return `${DEFAULT_AGENT_ORIGIN}${AGENT_PATH}`;
  const scheme = rest.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${rest.host}${AGENT_PATH}`;
}

export function createDeepgramClient(o: DeepgramOptions): DeepgramClient {
  const agent = agentUrl(o.baseUrl);
  return new DeepgramClient({
    apiKey: o.apiKey,
    environment: { base: o.baseUrl, production: o.baseUrl.replace(/^http/, 'ws'), agent: new URL(agent).origin, agentRest: o.baseUrl },
    maxRetries: 0, // the queue retries
    timeoutInSeconds: Math.ceil((o.timeoutMs ?? 120_000) / 1000),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

/** Deepgram takes files up to 2 GB; Koru sends at most this much per request so a failed
 *  upload costs little to repeat. */
export const DEEPGRAM_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

export function createDeepgramTranscriber(o: DeepgramOptions, client = createDeepgramClient(o)): Transcriber {
  return {
    provider: 'deepgram',
    maxUploadBytes: DEEPGRAM_UPLOAD_MAX_BYTES,
    // One segment for the whole answer: callers that need lines time them by the audio's pauses.
    timed: false,
    async transcribe({ audio, language, signal }) {
      if (audio.byteLength === 0) throw new KoruError('BAD_INPUT', 'nothing to transcribe: the audio is empty');
      if (audio.byteLength > DEEPGRAM_UPLOAD_MAX_BYTES) throw new KoruError('BAD_INPUT', `Deepgram uploads are split at ${DEEPGRAM_UPLOAD_MAX_BYTES / 1048576} MB here; split it first`);
      const res = await client.listen.v1.media.transcribeFile(
        audio,
        { model: o.transcribeModel ?? 'nova-3', smart_format: true, ...(language ? { language } : {}) },
        { ...(signal ? { abortSignal: signal } : {}) },
      );
      const results = (res as Deepgram.ListenV1Response).results;
      const alt = results?.channels?.[0]?.alternatives?.[0];
      if (typeof alt?.transcript !== 'string') {
        throw new ProviderError('deepgram', 'bad_reply', { message: 'Deepgram sent a transcription Koru could not read — check the listening model' });
      }
      const words = alt.words ?? [];
      const segments = words.length ? [{ start: words[0]!.start ?? 0, end: words.at(-1)!.end ?? 0, text: alt.transcript }] : [];
      return { text: alt.transcript, segments, ...(results.channels?.[0]?.detected_language ? { language: results.channels[0].detected_language } : {}) };
    },
  };
}

/** The Settings message: audio formats, listen/think/speak, the functions, greeting, context. */
export function agentSettingsMessage(o: DeepgramOptions, s: AgentSettings): Deepgram.agent.AgentV1Settings {
  return {
    type: 'Settings',
    audio: {
      input: { encoding: 'linear16', sample_rate: s.inputRate },
      output: { encoding: 'linear16', sample_rate: s.outputRate, container: 'none' },
    },
    agent: {
      listen: { provider: { type: 'deepgram', version: 'v1', model: o.transcribeModel ?? 'nova-3' } },
      think: {
        provider: { type: 'open_ai', model: o.thinkModel ?? 'gpt-4o-mini' },
        prompt: s.prompt,
        functions: s.functions.map((f) => ({ name: f.name, description: f.description, parameters: f.parameters })),
      },
      speak: { provider: { type: 'deepgram', model: o.speakModel ?? 'aura-2-thalia-en' } },
      greeting: s.greeting,
      ...(s.history?.length ? { context: { messages: s.history.map((m) => ({ type: 'History' as const, role: m.role, content: m.content })) } } : {}),
    },
  };
}

type ServerMessage = { type?: string; [k: string]: unknown };

/** Server JSON → what the assistant acts on. */
function toEvent(m: ServerMessage): AgentEvent | null {
  switch (m.type) {
    case 'SettingsApplied':
      return { type: 'ready' };
    case 'ConversationText':
      return { type: 'text', role: m.role === 'user' ? 'user' : 'assistant', content: String(m.content ?? '') };
    case 'UserStartedSpeaking':
      return { type: 'userStartedSpeaking' };
    case 'AgentThinking':
      return { type: 'thinking' };
    case 'AgentStartedSpeaking':
      return { type: 'speaking' };
    case 'AgentAudioDone':
      return { type: 'audioDone' };
    case 'FunctionCallRequest': {
      const fns = Array.isArray(m.functions) ? (m.functions as Deepgram.agent.AgentV1FunctionCallRequest['functions']) : [];
      return { type: 'functionCall', calls: fns.map((f) => ({ id: String(f.id), name: String(f.name), arguments: String(f.arguments ?? '{}'), clientSide: f.client_side !== false })) };
    }
    case 'FunctionCallCancelled': {
      const ids = Array.isArray(m.functions) ? (m.functions as Array<{ id?: string }>).map((f) => String(f.id)) : m.id ? [String(m.id)] : [];
      return { type: 'functionCallCancelled', ids };
    }
    case 'Warning':
      return { type: 'warning', message: String(m.description ?? m.message ?? 'Deepgram sent a warning') };
    case 'Error':
      return { type: 'error', message: String(m.description ?? m.message ?? 'Deepgram reported an error') };
    default:
      return null; // Welcome, History, LatencyReport, …: nothing to act on
  }
}

export function createDeepgramAgent(o: DeepgramOptions): VoiceAgent {
  const url = agentUrl(o.baseUrl);
  return {
    provider: 'deepgram',
    connect(settings, onEvent, signal) {
      return new Promise<AgentConnection>((resolve, reject) => {
        // `url` comes from the base URL the registry resolved for this key (endpoint.ts), and no
        // redirect is followed: the key goes to that one server only.
        const ws = new WebSocket(url, { headers: { Authorization: `Token ${o.apiKey}` }, followRedirects: false, handshakeTimeout: 15_000 });
        let open = false;
        let closed = false;
        let keepAlive: ReturnType<typeof setInterval> | undefined;
        const finish = (reason: string, clean: boolean) => {
          if (closed) return;
          closed = true;
          if (keepAlive) clearInterval(keepAlive);
          onEvent({ type: 'closed', reason, clean });
        };
        const send = (m: object) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
        };
        const connection: AgentConnection = {
          sendAudio(pcm) {
            if (ws.readyState === WebSocket.OPEN) ws.send(pcm);
          },
          respond(id, name, content) {
            send({ type: 'FunctionCallResponse', id, name, content } satisfies Deepgram.agent.AgentV1SendFunctionCallResponse);
          },
          inject(text) {
            send({ type: 'InjectUserMessage', content: text } satisfies Deepgram.agent.AgentV1InjectUserMessage);
          },
          close() {
            finish('closed', true);
            ws.close(1000);
          },
        };
        signal?.addEventListener('abort', () => connection.close(), { once: true });
        ws.on('unexpected-response', (_req, res) => {
          const status = res.statusCode ?? 0;
          reject(toProviderError('deepgram', Object.assign(new Error(`agent handshake ${status}`), { status })));
          ws.terminate();
        });
        ws.on('open', () => {
          open = true;
          send(agentSettingsMessage(o, settings));
          keepAlive = setInterval(() => send({ type: 'KeepAlive' }), KEEPALIVE_MS);
          keepAlive.unref?.();
          resolve(connection);
        });
        ws.on('message', (data, isBinary) => {
          if (isBinary) {
            const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
            const pcm = new Int16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength - (buf.byteLength % 2)));
            onEvent({ type: 'audio', pcm, sampleRate: settings.outputRate });
            return;
          }
          let m: ServerMessage;
          try {
            m = JSON.parse(data.toString()) as ServerMessage;
          } catch {
            onEvent({ type: 'warning', message: 'Deepgram sent a message Koru could not read' });
            return;
          }
          const e = toEvent(m);
          if (e) onEvent(e);
        });
        ws.on('error', (err) => {
          if (!open) reject(toProviderError('deepgram', err));
        });
        ws.on('close', (code, reason) => {
          if (!open) reject(new ProviderError('deepgram', 'network', { message: `Deepgram closed the agent connection before it opened (${code})` }));
          finish(reason.toString() || `code ${code}`, code === 1000);
        });
      });
    },
  };
}

/** A cheap authenticated call for "Test connection". */
export async function listDeepgramProjects(client: DeepgramClient, signal?: AbortSignal): Promise<number> {
  const res = await client.manage.v1.projects.list({ ...(signal ? { abortSignal: signal } : {}) });
  return res.projects?.length ?? 0;
}

const options = (c: Connection, s?: Partial<DeepgramOptions>): DeepgramOptions => ({ ...s, apiKey: c.apiKey, baseUrl: c.baseUrl, fetch: c.fetch });

export const deepgramVendor: Vendor<'deepgram'> = {
  transcriber: ({ settings, connection }) => createDeepgramTranscriber(options(connection, { transcribeModel: settings.transcribeModel })),
  agent: ({ settings, connection }) => createDeepgramAgent(options(connection, { transcribeModel: settings.transcribeModel, thinkModel: settings.thinkModel, speakModel: settings.speakModel })),
  probe: async (c, signal) => {
    const n = await listDeepgramProjects(createDeepgramClient(options(c)), signal);
    return `${n} project${n === 1 ? '' : 's'}`;
  },
};
