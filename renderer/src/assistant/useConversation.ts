import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssistantMessage, AssistantState, Engine } from '../../../contract/assistant';
import { koruKey, useClient, useKoruEvent, useKoruQuery } from '../app/koru';
import { micProblem, openMic, type Mic } from './microphone';
import { createReplyPlayer, type ReplyPlayer } from './reply-player';

/**
 * One conversation as the page holds it: the open session (resumed after a reload), its stored
 * messages, the live caption, the reply audio played here, and the microphone with barge-in —
 * the user starting to speak while a reply plays silences it at once and tells main to stop.
 */
export function useConversation() {
  const client = useClient();
  const queryClient = useQueryClient();
  const status = useKoruQuery('assistant.status', {});
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [messages, setMessages] = useState<AssistantMessage[]>([]);
  const [caption, setCaption] = useState<string>('');
  const [state, setState] = useState<AssistantState | 'listening' | 'hearing'>('idle');
  const [listening, setListening] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [bargeIns, setBargeIns] = useState(0);
  const [busy, setBusy] = useState(false);
  const player = useRef<ReplyPlayer | null>(null);
  const ctx = useRef<AudioContext | null>(null);
  const mic = useRef<Mic | null>(null);
  const session = useRef<string | null>(null);
  const engine = useRef<Engine | null>(null);
  const [sessionEngine, setSessionEngine] = useState<Engine | null>(null);
  /** Main's turn number of the reply playing; replies up to `dropUpTo` were cut off. */
  const playingTurn = useRef(-1);
  const dropUpTo = useRef(-1);

  // A conversation left open (a reload, another tab) is carried on, not refused.
  const open = status.data?.usage.openSessionId ?? null;
  useEffect(() => {
    if (open && session.current === null) {
      session.current = open;
      setSessionId(open);
      void client.invoke('assistant.sessions.list', {}).then((list) => {
        engine.current = list.find((s) => s.id === open)?.engine ?? null;
        setSessionEngine(engine.current);
      });
      void client.invoke('assistant.sessions.messages', { id: open }).then(setMessages);
    }
  }, [open, client]);

  /** The page's audio (null where there is none: text still works). */
  const audio = useCallback((): AudioContext | null => {
    if (typeof AudioContext === 'undefined') return null;
    if (!ctx.current) {
      ctx.current = new AudioContext();
      player.current = createReplyPlayer(ctx.current, () => setState((s) => (s === 'speaking' ? 'idle' : s)));
    }
    void ctx.current.resume();
    return ctx.current;
  }, []);

  useEffect(
    () => () => {
      mic.current?.stop();
      player.current?.close();
    },
    [],
  );

  useKoruEvent('assistant.message', (p) => {
    if (p.sessionId !== session.current) return;
    setMessages((m) => (m.some((x) => x.seq === p.message.seq) ? m : [...m, p.message].sort((a, b) => a.seq - b.seq)));
    if (p.message.role === 'assistant') setCaption('');
  });
  useKoruEvent('assistant.caption', (p) => {
    if (p.sessionId !== session.current || p.role !== 'assistant') return;
    setCaption(p.final ? '' : p.text);
  });
  useKoruEvent('assistant.state', (p) => {
    if (p.sessionId !== session.current) return;
    setState(p.state);
    if (p.state === 'closed') {
      session.current = null;
      setSessionId(null);
      void queryClient.invalidateQueries({ queryKey: koruKey('assistant.status') });
    }
  });
  useKoruEvent('assistant.audio', (p) => {
    if (p.sessionId !== session.current || !player.current) return;
    if (p.turn <= dropUpTo.current) return; // a reply that was cut off
    playingTurn.current = p.turn;
    player.current.play(p.turn, p.pcm, p.sampleRate);
    setState('speaking');
  });
  useKoruEvent('assistant.bargeIn', (p) => {
    if (p.sessionId === session.current) player.current?.stop();
  });
  useKoruEvent('assistant.notice', (p) => {
    if (p.sessionId === null || p.sessionId === session.current) setProblem(p.message);
  });

  const ensureSession = useCallback(
    async (wanted?: Engine): Promise<string> => {
      if (session.current) return session.current;
      const created = await client.invoke('assistant.sessions.create', wanted ? { engine: wanted } : {});
      session.current = created.session.id;
      engine.current = created.session.engine;
      setSessionEngine(created.session.engine);
      setSessionId(created.session.id);
      setMessages(await client.invoke('assistant.sessions.messages', { id: created.session.id }));
      void queryClient.invalidateQueries({ queryKey: koruKey('assistant.status') });
      return created.session.id;
    },
    [client, queryClient],
  );

  /** Barge-in: silence the reply here at once, and stop it being written and voiced. */
  const bargeIn = useCallback(() => {
    const cut = player.current?.stop() ?? 0;
    if (cut > 0 || state === 'thinking' || state === 'speaking') {
      dropUpTo.current = playingTurn.current;
      setBargeIns((n) => n + 1);
      if (session.current) void client.invoke('assistant.interrupt', { sessionId: session.current }).catch(() => undefined);
    }
  }, [client, state]);

  const say = useCallback(
    async (text: string, wanted?: Engine) => {
      setProblem(null);
      setBusy(true);
      try {
        audio();
        const id = await ensureSession(wanted);
        dropUpTo.current = playingTurn.current;
        player.current?.stop();
        await client.invoke('assistant.say', { sessionId: id, text });
      } catch (err) {
        setProblem((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [audio, client, ensureSession],
  );

  const startListening = useCallback(
    async (wanted?: Engine) => {
      setProblem(null);
      try {
        const context = audio();
        if (!context) throw Object.assign(new Error('no audio'), { name: 'NotFoundError' });
        const id = await ensureSession(wanted);
        if (engine.current === 'offline') {
          setProblem('The offline assistant reads what you type (it has no speech recognition); add an OpenAI, ElevenLabs or Deepgram key in Settings → Providers to talk.');
          return;
        }
        const agent = engine.current === 'agent';
        mic.current = await openMic(context, {
          onSpeechStart: bargeIn,
          ...(agent
            ? { onFrames: (pcm: string) => void client.invoke('assistant.agent.audio', { sessionId: id, pcm }).catch(() => undefined) }
            : {
                onUtterance: (wav: string) => {
                  setState('transcribing');
                  client.invoke('assistant.hear', { sessionId: id, wav }).catch((err: Error) => setProblem(err.message));
                },
              }),
        });
        setListening(true);
      } catch (err) {
        setProblem((err as { code?: string }).code ? (err as Error).message : micProblem(err));
      }
    },
    [audio, bargeIn, client, ensureSession],
  );

  const stopListening = useCallback(() => {
    mic.current?.stop();
    mic.current = null;
    setListening(false);
  }, []);

  const end = useCallback(async () => {
    stopListening();
    player.current?.stop();
    const id = session.current;
    if (!id) return;
    session.current = null;
    setSessionId(null);
    setMessages([]);
    await client.invoke('assistant.sessions.close', { id }).catch(() => undefined);
    void queryClient.invalidateQueries({ queryKey: koruKey('assistant.status') });
  }, [client, queryClient, stopListening]);

  return { status, sessionId, sessionEngine, messages, caption, state, listening, problem, bargeIns, busy, say, startListening, stopListening, end, setProblem };
}
