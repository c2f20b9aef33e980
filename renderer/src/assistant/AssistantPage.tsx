import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, Mic, MicOff, RotateCcw, Send, Square } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { ENGINE_LABELS, ENGINES, type AssistantStatus, type Engine } from '../../../contract/assistant';
import type { Action } from '../../../contract/goals';
import { koruKey, useKoruEvent, useKoruMutation, useKoruQuery } from '../app/koru';
import { useConversation } from './useConversation';
import './assistant.css';

const STATE_WORDS: Record<string, string> = {
  idle: 'Ready',
  transcribing: 'Listening to what you said…',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  interrupted: 'Stopped — go ahead',
  closed: 'Ended',
};

/** The assistant: a big talk button (or hold Space), live captions of both sides, the function
 *  calls as cards with Undo, a text box at all times, the engine in use and today's allowance. */
export function AssistantPage() {
  const c = useConversation();
  const id = useId();
  const [text, setText] = useState('');
  const [engine, setEngine] = useState<Engine | ''>('');
  const status = c.status.data;
  const wanted = engine || undefined;

  // Push to talk: hold Space anywhere but in a text field.
  useEffect(() => {
    const typing = (e: KeyboardEvent) => e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(e.target.tagName);
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || typing(e) || c.listening) return;
      e.preventDefault();
      void c.startListening(wanted);
    };
    const up = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || typing(e)) return;
      c.stopListening();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [c, wanted]);

  const send = () => {
    const t = text.trim();
    if (!t) return;
    setText('');
    void c.say(t, wanted);
  };
  const label = c.listening ? (c.state === 'idle' || c.state === 'interrupted' ? 'Listening' : STATE_WORDS[c.state]) : STATE_WORDS[c.state];

  return (
    <div className="assistant-page" data-testid="assistant-page" data-state={c.state} data-barge-ins={c.bargeIns}>
      <header className="page-header">
        <h1>Assistant</h1>
        {c.sessionId ? (
          <button type="button" className="button button--ghost" onClick={() => void c.end()} data-testid="assistant-end">
            <Square size={16} aria-hidden="true" /> End conversation
          </button>
        ) : null}
      </header>

      <section className="panel assistant-talk" aria-labelledby={`${id}-talk`}>
        <h2 id={`${id}-talk`} className="visually-hidden">
          Talk
        </h2>
        <button
          type="button"
          className={`assistant-mic${c.listening ? ' is-on' : ''}`}
          aria-pressed={c.listening}
          onClick={() => (c.listening ? c.stopListening() : void c.startListening(wanted))}
          data-testid="assistant-talk"
        >
          {c.listening ? <Mic size={40} aria-hidden="true" /> : <MicOff size={40} aria-hidden="true" />}
          <span>{c.listening ? 'Listening — tap to stop' : 'Tap to talk'}</span>
        </button>
        <p className="muted">Or hold Space to talk. Speak over a reply to stop it.</p>
        <p className="assistant-state" role="status" data-testid="assistant-state">
          {label}
          {c.bargeIns > 0 ? <span className="muted"> · replies stopped by you: {c.bargeIns}</span> : null}
        </p>
        <dl className="assistant-facts" data-testid="assistant-engine">
          <dt>Engine</dt>
          <dd>
            {c.sessionId && status ? (
              <span>{engineLine(status, c.sessionEngine ?? status.engine)}</span>
            ) : (
              <>
              <select className="input select" value={engine} onChange={(e) => setEngine(e.target.value as Engine | '')} aria-label="Engine for the next conversation" data-testid="assistant-engine-select">
                <option value="">Default ({status ? ENGINE_LABELS[status.engine] : '…'})</option>
                {ENGINES.map((e) => {
                  const a = status?.engines.find((x) => x.engine === e);
                  return (
                    <option key={e} value={e} disabled={!a?.ready} title={a?.reason ?? undefined}>
                      {ENGINE_LABELS[e]}
                      {a && !a.ready ? ' (not set up)' : ''}
                    </option>
                  );
                })}
              </select>
              {status ? <span className="muted"> {engineLine(status, engine || status.engine)}</span> : null}
              </>
            )}
          </dd>
          <dt>Conversations left today</dt>
          <dd data-testid="assistant-remaining">{status ? `${status.usage.remainingToday} of 20` : '…'}</dd>
        </dl>
        {c.problem ? (
          <p className="alert" role="alert" data-testid="assistant-problem">
            {c.problem}
          </p>
        ) : null}
      </section>

      <section className="panel assistant-log" aria-labelledby={`${id}-log`}>
        <h2 id={`${id}-log`}>Conversation</h2>
        {c.messages.length === 0 && !c.caption ? <p className="muted">Say or type what you would like: “I want to learn Spanish in three months”, “move my run to tomorrow at seven”, “play twenty minutes of theta”.</p> : null}
        <ol className="assistant-messages" data-testid="assistant-messages" aria-live="polite">
          {c.messages.map((m) => (m.role === 'action' ? <ActionCard key={m.seq} actionId={m.actionId} text={m.text} /> : <li key={m.seq} className={`assistant-msg assistant-msg--${m.role}`} data-testid={`assistant-msg-${m.role}`}>
                <span className="visually-hidden">{m.role === 'user' ? 'You' : 'Koru'}: </span>
                {m.text}
                {m.interrupted ? <span className="muted"> (stopped)</span> : null}
              </li>))}
          {c.caption ? (
            <li className="assistant-msg assistant-msg--assistant is-live" data-testid="assistant-caption">
              {c.caption}
            </li>
          ) : null}
        </ol>
        <form
          className="assistant-input"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <input className="input" value={text} onChange={(e) => setText(e.target.value)} placeholder="Type to the assistant…" aria-label="Message" maxLength={2000} data-testid="assistant-text" />
          <button type="submit" className="button" disabled={c.busy || text.trim() === ''} data-testid="assistant-send">
            <Send size={16} aria-hidden="true" /> Send
          </button>
        </form>
      </section>
    </div>
  );
}

function engineLine(status: AssistantStatus, engine: Engine) {
  const e = status.engines.find((x) => x.engine === engine);
  if (!e) return '';
  const p = e.providers;
  return `${ENGINE_LABELS[e.engine]}: ${p.listen ? `${p.listen} listens, ` : ''}${p.think} thinks, ${p.speak} speaks`;
}

/** A function call as a card: what it did, and Undo while it can be undone. */
function ActionCard({ actionId, text }: { actionId: string | null; text: string }) {
  const queryClient = useQueryClient();
  const actions = useKoruQuery('actions.list', { limit: 200 });
  useKoruEvent('goals.changed', () => void queryClient.invalidateQueries({ queryKey: koruKey('actions.list') }));
  const undo = useKoruMutation('actions.undo', { onSuccess: () => void queryClient.invalidateQueries({ queryKey: koruKey('actions.list') }) });
  const action: Action | undefined = actions.data?.find((a) => a.id === actionId);
  return (
    <li className={`assistant-card${action?.undone ? ' is-undone' : ''}`} data-testid="assistant-action">
      {action?.kind === 'undo' ? <RotateCcw size={16} aria-hidden="true" /> : <CheckCircle2 size={16} aria-hidden="true" />}
      <span>{text}</span>
      {action?.undoable ? (
        <button type="button" className="button button--ghost button--small" onClick={() => undo.mutate({ id: action.id })} disabled={undo.isPending} data-testid="assistant-undo">
          Undo
        </button>
      ) : action?.undone ? (
        <span className="muted">undone</span>
      ) : null}
    </li>
  );
}
