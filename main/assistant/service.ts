/**
 * The assistant: conversations with their messages kept, the limits on starting them, and three
 * engines behind one surface (see README.md here):
 *  - `turns`: what you said (transcribed) → a tool-calling model → function results → the reply
 *    streamed sentence by sentence to speech;
 *  - `agent`: Deepgram's Voice Agent on a WebSocket held here in main (microphone frames come in
 *    through the contract, its audio goes out as events);
 *  - `offline`: the local intent parser, replies from the function results, the offline voice.
 * Every function call goes through the executor; every action lands in the journal and is told
 * in the conversation.
 */
import { randomUUID } from 'node:crypto';
import {
  ENGINE_LABELS,
  type AssistantMessage,
  type AssistantSession,
  type AssistantSettings,
  type AssistantStatus,
  type Engine,
  type ResolvedConfig,
  type SessionUsage,
  type TurnResult,
} from '../../contract/assistant';
import { KoruError } from '../../contract/errors';
import type { Action } from '../../contract/goals';
import { OFFLINE, providerLabel, providersThat, type ProviderId } from '../../contract/providers';
import { localDay, spokenTime, type GoalsService } from '../goals';
import type { EventPayloadInput } from '../ipc';
import type { Log } from '../log';
import type { AgentConnection, AgentEvent, Providers, ToolMessage } from '../providers';
import type { AssistantRepo, AssistantSettingsRepo, MessageRow, SessionRow } from '../storage';
import type { ConfigStore } from './config';
import type { Executor } from './executor';
import { checkStart, usage } from './limits';
import { parseOffline } from './offline-parser';
import { createSpeaker } from './speaker';
import { AGENT_INPUT_RATE, AUDIO_CHUNK_SEC } from '../../contract/assistant';

type AssistantEventName = 'assistant.message' | 'assistant.caption' | 'assistant.state' | 'assistant.audio' | 'assistant.bargeIn' | 'assistant.notice';
export type AssistantEmit = <E extends AssistantEventName>(name: E, payload: EventPayloadInput<E>) => unknown;

export interface AssistantDeps {
  repo: AssistantRepo;
  settings: AssistantSettingsRepo;
  config: ConfigStore;
  goals: GoalsService;
  executor: Executor;
  providers: Pick<Providers, 'toolChat' | 'transcriber' | 'agent' | 'speech' | 'isConfigured'>;
  emit: AssistantEmit;
  log: Log;
  /** The zone when the settings name none (the Sky location's, else this computer's). */
  defaultTimeZone: () => string;
  now?: () => Date;
  /** No audio out (the CLI): replies are text only. */
  silent?: boolean;
}

/** Rounds of function calls one turn may take before it must answer. */
const MAX_TOOL_ROUNDS = 4;
/** Messages of the conversation a turn sends back to the model. */
const HISTORY_MESSAGES = 40;
const PROFILE = 'default';

interface Live {
  id: string;
  engine: Engine;
  config: ResolvedConfig;
  think: ProviderId | null;
  listen: ProviderId | null;
  turn: number;
  abort: AbortController | null;
  agent: AgentConnection | null;
  /** A reply being written, kept if the turn is cut short. */
  partial: string;
}

const toMessage = (m: MessageRow): AssistantMessage => ({ seq: m.seq, role: m.role, text: m.text, at: m.at, interrupted: m.interrupted === 1, actionId: m.action_id });

export function createAssistantService(d: AssistantDeps) {
  const now = d.now ?? (() => new Date());
  const live = new Map<string, Live>();
  const timeZone = () => d.settings.get().timeZone ?? d.defaultTimeZone();

  function toSession(r: SessionRow): AssistantSession {
    return { id: r.id, engine: r.engine, providers: JSON.parse(r.providers) as AssistantSession['providers'], status: r.status, createdAt: r.created_at, closedAt: r.closed_at, messageCount: r.message_count };
  }

  /** Which providers an engine would use now, and whether it can run. */
  function plan(engine: Engine, s: AssistantSettings) {
    const configured = (ids: ProviderId[]) => ids.filter((p) => d.providers.isConfigured(p));
    const speak = d.silent ? 'none' : engine === 'offline' ? providerLabel(OFFLINE) : d.providers.speech().providers.map(providerLabel).join(' → ');
    if (engine === 'offline') return { ready: true, reason: null, think: null, listen: null, providers: { listen: null, think: 'Offline parser', speak } };
    if (engine === 'agent') {
      const ok = configured(providersThat('agent'))[0] ?? null;
      return { ready: ok !== null, reason: ok ? null : 'Add a Deepgram key in Settings → Providers', think: ok, listen: ok, providers: { listen: ok ? providerLabel(ok) : null, think: ok ? `${providerLabel(ok)} Voice Agent` : '—', speak: ok ? providerLabel(ok) : '—' } };
    }
    const think = s.think && d.providers.isConfigured(s.think) && providersThat('tools').includes(s.think) ? s.think : (configured(providersThat('tools'))[0] ?? null);
    const listen = s.listen && d.providers.isConfigured(s.listen) && providersThat('transcribe').includes(s.listen) ? s.listen : (configured(providersThat('transcribe'))[0] ?? null);
    return {
      ready: think !== null,
      reason: think ? null : `Add a key for ${providersThat('tools').map(providerLabel).join(', ')} (or an OpenAI-compatible server such as Ollama) in Settings → Providers`,
      think,
      listen,
      providers: { listen: listen ? providerLabel(listen) : null, think: think ? providerLabel(think) : '—', speak },
    };
  }

  function defaultEngine(s: AssistantSettings): Engine {
    if (s.engine && plan(s.engine, s).ready) return s.engine;
    return plan('turns', s).ready ? 'turns' : 'offline';
  }

  function currentUsage(): SessionUsage {
    const n = now().getTime();
    const rows = d.repo.sessionsSince(PROFILE, new Date(n - 2 * 86_400_000).toISOString()).concat(d.repo.openSessions(PROFILE));
    return usage(dedupe(rows), n, timeZone());
  }

  /** The prompt with who the person is and today's tasks; the greeting with their name. */
  function resolve(): ResolvedConfig {
    const cfg = d.config.load();
    const s = d.settings.get();
    const zone = timeZone();
    const n = now().getTime();
    const today = localDay(n, zone);
    const todays = d.goals.listTasks(today).tasks;
    const goals = d.goals.listGoals().filter((g) => g.status === 'active');
    const lines = [
      '',
      '## About the person',
      `Name: ${s.name ?? 'not given'}. Time zone: ${zone}. Now: ${spokenTime(n, zone)} (${today}).`,
      todays.length ? `Today's tasks:\n${todays.map((t) => `- ${t.due.slice(11, 16)} ${t.title}${t.done ? ' (done)' : ''}`).join('\n')}` : "Today's tasks: none yet.",
      goals.length ? `Goals: ${goals.map((g) => g.statement).join('; ')}.` : 'Goals: none yet.',
    ];
    const greeting = s.name ? cfg.greeting.replace(/^(Hello|Hi|Hey)\b/, `$1 ${s.name}`) : cfg.greeting;
    return { prompt: `${cfg.prompt}\n${lines.join('\n')}`, greeting, functions: cfg.functions };
  }

  function addMessage(sessionId: string, role: AssistantMessage['role'], text: string, extra: { interrupted?: boolean; actionId?: string | null } = {}): AssistantMessage {
    const row = d.repo.addMessage({ session_id: sessionId, role, text: text.slice(0, 20_000), at: now().toISOString(), interrupted: extra.interrupted ? 1 : 0, action_id: extra.actionId ?? null });
    const message = toMessage(row);
    d.emit('assistant.message', { sessionId, message });
    return message;
  }

  const state = (sessionId: string, s: EventPayloadInput<'assistant.state'>['state']) => d.emit('assistant.state', { sessionId, state: s });
  const notice = (sessionId: string | null, level: 'info' | 'warning' | 'error', message: string) => d.emit('assistant.notice', { sessionId, level, message: message.slice(0, 600) });

  function openLive(id: string): Live {
    const l = live.get(id);
    const row = d.repo.session(id);
    if (!row) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
    if (row.status !== 'open' || !l) throw new KoruError('CONFLICT', 'That conversation has ended; start a new one.', { id });
    return l;
  }

  /** Speech for a reply: the configured order (offline engine: the offline voice only). */
  function speakerFor(l: Live, turn: number, signal: AbortSignal) {
    if (d.silent) return null;
    const synth = d.providers.speech(l.engine === 'offline' ? [OFFLINE] : undefined);
    return createSpeaker({
      synth,
      signal,
      send: (p) => d.emit('assistant.audio', { sessionId: l.id, turn, seq: p.seq, sampleRate: p.sampleRate, pcm: Buffer.from(p.pcm).toString('base64') }),
      onError: (err) => notice(l.id, 'warning', `The reply could not be spoken: ${(err as Error).message}`),
    });
  }

  /** What the conversation said so far, as the model reads it (actions as notes). */
  function history(sessionId: string): ToolMessage[] {
    return d.repo
      .messages(sessionId)
      .slice(-HISTORY_MESSAGES)
      .map((m): ToolMessage => (m.role === 'assistant' ? { role: 'assistant', content: m.text } : m.role === 'user' ? { role: 'user', content: m.text } : { role: 'user', content: `(Koru note: ${m.text})` }));
  }

  async function modelTurn(l: Live, turn: number, signal: AbortSignal): Promise<{ text: string; actions: Action[] }> {
    const chat = d.providers.toolChat(l.think ?? undefined);
    const speaker = speakerFor(l, turn, signal);
    const messages: ToolMessage[] = [{ role: 'system', content: l.config.prompt }, ...history(l.id)];
    const tools = l.config.functions.map((f) => ({ name: f.name, description: f.description, parameters: f.parameters }));
    const actions: Action[] = [];
    let text = '';
    for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
      const res = await chat.turn({
        messages,
        tools: round < MAX_TOOL_ROUNDS ? tools : [],
        signal,
        onText: (delta) => {
          text += delta;
          l.partial = text;
          speaker?.push(delta);
          d.emit('assistant.caption', { sessionId: l.id, turn, role: 'assistant', text: text.slice(-20_000), final: false });
        },
      });
      if (res.toolCalls.length === 0) break;
      if (res.text && !/\s$/.test(text)) text += ' ';
      messages.push({ role: 'assistant', content: res.text, toolCalls: res.toolCalls });
      for (const call of res.toolCalls) {
        const out = await d.executor.run(call, l.id);
        if (out.action) actions.push(out.action);
        else d.log('info', `assistant: ${call.name} answered with an error for the model`, { result: out.result });
        messages.push({ role: 'tool', callId: call.id, name: call.name, content: out.result });
      }
    }
    await speaker?.end();
    return { text: text.trim(), actions };
  }

  async function offlineTurn(l: Live, turn: number, said: string, signal: AbortSignal): Promise<{ text: string; actions: Action[] }> {
    const intent = parseOffline(said, now(), timeZone());
    let text: string;
    const actions: Action[] = [];
    if (!intent) {
      text = 'I am the offline assistant, so I understand a few things: a goal with a time frame ("I want to learn Spanish in three months"), a task with a time ("remind me to run tomorrow at 7"), moving a task, playing a sound session, or making a ritual.';
    } else {
      const out = await d.executor.run({ name: intent.name, arguments: JSON.stringify(intent.args) }, l.id);
      if (out.action) actions.push(out.action);
      text = out.ok ? out.result : out.result.replace(/^Error: /, 'Sorry: ').replace(/ Call (it|\w+) again[^.]*\.$/, '');
      text = text.replace(/Ask the person which one they mean; nothing was moved\./, 'Which one do you mean? Nothing was moved.').replace(/Ask the person which task they mean, or offer to add it\./, 'Which task do you mean?');
    }
    const speaker = speakerFor(l, turn, signal);
    d.emit('assistant.caption', { sessionId: l.id, turn, role: 'assistant', text, final: false });
    speaker?.push(text);
    await speaker?.end();
    return { text, actions };
  }

  /** One turn: the user's words are stored first, the reply (even cut short) after. */
  async function turn(l: Live, said: string, heard: AssistantMessage): Promise<TurnResult> {
    l.abort?.abort();
    const abort = new AbortController();
    l.abort = abort;
    l.partial = '';
    const t = ++l.turn;
    state(l.id, 'thinking');
    try {
      const { text, actions } = l.engine === 'offline' ? await offlineTurn(l, t, said, abort.signal) : await modelTurn(l, t, abort.signal);
      if (abort.signal.aborted) return interrupted(l, heard, actions);
      const reply = text ? addMessage(l.id, 'assistant', text) : null;
      d.emit('assistant.caption', { sessionId: l.id, turn: t, role: 'assistant', text, final: true });
      state(l.id, 'idle');
      return { heard, reply, actions, interrupted: false };
    } catch (err) {
      if (abort.signal.aborted) return interrupted(l, heard, []);
      // Nothing is lost: what was said is stored; the reply so far too.
      if (l.partial.trim()) addMessage(l.id, 'assistant', l.partial.trim(), { interrupted: true });
      state(l.id, 'idle');
      throw err;
    } finally {
      if (l.abort === abort) l.abort = null;
    }
  }

  function interrupted(l: Live, heard: AssistantMessage, actions: Action[]): TurnResult {
    const text = l.partial.trim();
    const reply = text ? addMessage(l.id, 'assistant', text, { interrupted: true }) : null;
    state(l.id, 'interrupted');
    return { heard, reply, actions, interrupted: true };
  }

  // ---- The voice agent ------------------------------------------------------------------

  async function connectAgent(l: Live, reconnecting: boolean): Promise<void> {
    const agent = d.providers.agent(l.think ?? undefined);
    const hist = reconnecting
      ? d.repo
          .messages(l.id)
          .filter((m) => m.role !== 'action')
          .slice(-HISTORY_MESSAGES)
          .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.text }))
      : [];
    let seq = 0;
    const onEvent = (e: AgentEvent) => {
      switch (e.type) {
        case 'text':
          addMessage(l.id, e.role, e.content);
          d.emit('assistant.caption', { sessionId: l.id, turn: l.turn, role: e.role, text: e.content.slice(0, 20_000), final: true });
          break;
        case 'userStartedSpeaking':
          l.turn++;
          d.emit('assistant.bargeIn', { sessionId: l.id });
          state(l.id, 'interrupted');
          break;
        case 'thinking':
          state(l.id, 'thinking');
          break;
        case 'speaking':
          state(l.id, 'speaking');
          break;
        case 'audioDone':
          state(l.id, 'idle');
          break;
        case 'audio': {
          const step = Math.floor(AGENT_INPUT_RATE * AUDIO_CHUNK_SEC);
          const bytes = toPcm16Bytes(e.pcm);
          for (let i = 0; i < bytes.length; i += step * 2) {
            d.emit('assistant.audio', { sessionId: l.id, turn: l.turn, seq: seq++, sampleRate: e.sampleRate, pcm: Buffer.from(bytes.subarray(i, i + step * 2)).toString('base64') });
          }
          break;
        }
        case 'functionCall':
          for (const c of e.calls.filter((x) => x.clientSide)) {
            void d.executor.run(c, l.id).then((out) => l.agent?.respond(c.id, c.name, out.result));
          }
          break;
        case 'functionCallCancelled':
          break; // nothing is sent back for a cancelled call
        case 'warning':
          notice(l.id, 'warning', `Deepgram: ${e.message}`);
          break;
        case 'error':
          notice(l.id, 'error', `Deepgram: ${e.message}`);
          break;
        case 'closed':
          if (live.get(l.id) !== l || e.clean) break;
          l.agent = null;
          if (!reconnecting) {
            notice(l.id, 'warning', 'The connection to Deepgram dropped; reconnecting with the conversation so far.');
            connectAgent(l, true).catch((err: unknown) => endAfterDrop(l, err));
          } else endAfterDrop(l, new Error(e.reason));
          break;
        case 'ready':
          state(l.id, 'idle');
          break;
      }
    };
    l.agent = await agent.connect(
      { prompt: l.config.prompt, greeting: reconnecting ? '' : l.config.greeting, functions: l.config.functions, history: hist, inputRate: AGENT_INPUT_RATE, outputRate: AGENT_INPUT_RATE },
      onEvent,
    );
  }

  function endAfterDrop(l: Live, err: unknown): void {
    notice(l.id, 'error', `Deepgram could not be reached again (${(err as Error).message}); the conversation is kept and has ended.`);
    close(l.id);
  }

  function close(id: string): { id: string; status: 'closed'; messageCount: number } {
    const l = live.get(id);
    live.delete(id);
    l?.abort?.abort();
    l?.agent?.close();
    const row = d.repo.closeSession(id, now().toISOString());
    state(id, 'closed');
    return { id, status: 'closed', messageCount: row.message_count };
  }

  return {
    status(): AssistantStatus {
      const s = d.settings.get();
      const engines = (['turns', 'agent', 'offline'] as const).map((engine) => {
        const p = plan(engine, s);
        return { engine, ready: p.ready, reason: p.reason, providers: p.providers };
      });
      return { settings: s, timeZone: timeZone(), engines, engine: defaultEngine(s), usage: currentUsage() };
    },

    updateSettings(patch: Partial<AssistantSettings>): AssistantStatus {
      d.settings.set({ ...d.settings.get(), ...patch });
      return this.status();
    },

    /** `think`: a provider for this conversation only (the CLI's --provider). */
    async create(requested?: Engine, think?: ProviderId): Promise<{ session: AssistantSession; config: ResolvedConfig; usage: SessionUsage }> {
      const s = { ...d.settings.get(), ...(think ? { think } : {}) };
      const engine = requested ?? defaultEngine(s);
      const p = plan(engine, s);
      if (!p.ready) throw new KoruError('BAD_INPUT', `${ENGINE_LABELS[engine]} cannot start: ${p.reason}.`);
      const config = resolve();
      const id = randomUUID();
      const at = now();
      const row = d.repo.createSession({ id, profile: PROFILE, engine, providers: JSON.stringify(p.providers), created_at: at.toISOString() }, (earlier) => checkStart(dedupe(earlier), at.getTime(), timeZone()));
      const l: Live = { id, engine, config, think: p.think, listen: p.listen, turn: 0, abort: null, agent: null, partial: '' };
      live.set(id, l);
      if (engine === 'agent') {
        try {
          await connectAgent(l, false);
        } catch (err) {
          close(id);
          throw err;
        }
      } else {
        addMessage(id, 'assistant', config.greeting);
        const abort = new AbortController();
        l.abort = abort;
        const speaker = speakerFor(l, 0, abort.signal);
        speaker?.push(config.greeting);
        void speaker?.end().finally(() => l.abort === abort && (l.abort = null));
      }
      return { session: toSession(d.repo.session(id) ?? row), config, usage: currentUsage() };
    },

    /** Takes up a stored conversation again (the CLI's --session): its messages are the history;
     *  not a new start, so the limits on starting do not count it, but only one may be open. */
    resume(id: string, requested?: Engine, think?: ProviderId): AssistantSession {
      const row = d.repo.session(id);
      if (!row) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
      if (live.has(id)) return toSession(row);
      const other = d.repo.openSessions(PROFILE).find((x) => x.id !== id);
      if (other) throw new KoruError('CONFLICT', 'Another conversation is open: end it first.', { sessionId: other.id, limit: 'concurrent' });
      const s = { ...d.settings.get(), ...(think ? { think } : {}) };
      const engine = requested ?? (row.engine === 'agent' ? defaultEngine(s) : row.engine);
      const p = plan(engine, s);
      if (!p.ready) throw new KoruError('BAD_INPUT', `${ENGINE_LABELS[engine]} cannot start: ${p.reason}.`);
      d.repo.reopenSession(id);
      live.set(id, { id, engine, config: resolve(), think: p.think, listen: p.listen, turn: d.repo.messages(id).length, abort: null, agent: null, partial: '' });
      return toSession(d.repo.session(id)!);
    },

    list: (): AssistantSession[] => d.repo.recentSessions(100).map(toSession),
    messages(id: string): AssistantMessage[] {
      if (!d.repo.session(id)) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
      return d.repo.messages(id).map(toMessage);
    },
    close(id: string) {
      if (!d.repo.session(id)) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
      return close(id);
    },

    async say(sessionId: string, text: string): Promise<TurnResult> {
      const l = openLive(sessionId);
      const heard = addMessage(sessionId, 'user', text);
      if (l.engine === 'agent') {
        if (!l.agent) throw new KoruError('CONFLICT', 'The voice agent is not connected.');
        l.agent.inject(text);
        return { heard, reply: null, actions: [], interrupted: false };
      }
      return turn(l, text, heard);
    },

    async hear(sessionId: string, wav: Uint8Array): Promise<TurnResult> {
      const l = openLive(sessionId);
      if (l.engine === 'offline') throw new KoruError('BAD_INPUT', 'The offline assistant does not transcribe speech: type instead, or add a transcription key (OpenAI, ElevenLabs or Deepgram) in Settings → Providers.');
      if (l.engine === 'agent') throw new KoruError('BAD_INPUT', 'The voice agent listens to the microphone stream, not to recordings.');
      if (!l.listen) throw new KoruError('BAD_INPUT', 'No transcription provider is configured: type instead, or add an OpenAI, ElevenLabs or Deepgram key in Settings → Providers.');
      l.abort?.abort();
      state(sessionId, 'transcribing');
      let said: string;
      try {
        said = (await d.providers.transcriber(l.listen).transcribe({ audio: wav, filename: 'turn.wav' })).text.trim();
      } catch (err) {
        state(sessionId, 'idle');
        throw err;
      }
      if (said === '') {
        state(sessionId, 'idle');
        return { heard: null, reply: null, actions: [], interrupted: false };
      }
      d.emit('assistant.caption', { sessionId, turn: l.turn + 1, role: 'user', text: said.slice(0, 20_000), final: true });
      return turn(l, said, addMessage(sessionId, 'user', said));
    },

    interrupt(sessionId: string): { ok: true } {
      const l = openLive(sessionId);
      l.abort?.abort();
      return { ok: true };
    },

    agentAudio(sessionId: string, pcm: Uint8Array): { ok: true } {
      const l = openLive(sessionId);
      if (!l.agent) throw new KoruError('CONFLICT', 'The voice agent is not connected.');
      l.agent.sendAudio(pcm);
      return { ok: true };
    },

    /** An action (from a call or the Goals page) told in its conversation. */
    noteAction(action: Action): void {
      if (!action.sessionId || !d.repo.session(action.sessionId)) return;
      addMessage(action.sessionId, 'action', action.summary, { actionId: action.id });
    },

    /** The conversation open now (changes from the Goals page are told there). */
    openSessionId: (): string | null => [...live.keys()].at(-1) ?? null,

    /** Conversations a stopped Koru left open are over: their engine went with it. */
    recoverInterrupted(): number {
      const open = d.repo.openSessions();
      for (const s of open) d.repo.closeSession(s.id, now().toISOString());
      return open.length;
    },

    /** Ends every live conversation (Koru is closing). */
    closeAll(): void {
      for (const id of [...live.keys()]) close(id);
    },
  };
}

function dedupe(rows: SessionRow[]): SessionRow[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
}

function toPcm16Bytes(pcm: Int16Array): Uint8Array {
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

export type AssistantService = ReturnType<typeof createAssistantService>;
