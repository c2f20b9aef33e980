import { useQueryClient } from '@tanstack/react-query';
import { Check, Pencil, Trash2, Undo2 } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import type { Action, Goal, Task } from '../../../contract/goals';
import { koruKey, useClient, useKoruEvent, useKoruQuery } from '../app/koru';
import '../assistant/assistant.css';

/** Goals with their weekly milestones and progress, today's and upcoming tasks; every change
 *  is undoable (the toast's Undo) and told in the open conversation. */
export function GoalsPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const goals = useKoruQuery('goals.list', {});
  const tasks = useKoruQuery('tasks.list', {});
  const id = useId();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: koruKey('goals.list') });
    void queryClient.invalidateQueries({ queryKey: koruKey('tasks.list') });
    void queryClient.invalidateQueries({ queryKey: koruKey('actions.list') });
  };
  useKoruEvent('goals.changed', refresh);

  /** Runs a change; the toast offers to undo it. */
  const act = async (run: () => Promise<{ action: Action }>) => {
    try {
      const { action } = await run();
      toast.success(action.summary, {
        id: action.id,
        action: action.undoable ? { label: 'Undo', onClick: () => void client.invoke('actions.undo', { id: action.id }).then((u) => toast.info(u.action.summary)).catch((e: Error) => toast.error(e.message)) } : undefined,
      });
    } catch (err) {
      toast.error((err as Error).message);
    }
  };

  const view = tasks.data;
  const today = view ? view.tasks.filter((t) => t.due.slice(0, 10) <= view.today && (t.due.slice(0, 10) === view.today || !t.done)) : [];
  const upcoming = view ? view.tasks.filter((t) => t.due.slice(0, 10) > view.today) : [];

  return (
    <div className="goals-page" data-testid="goals-page">
      <header className="page-header">
        <h1>Goals</h1>
      </header>
      <section className="panel" aria-labelledby={`${id}-today`}>
        <h2 id={`${id}-today`}>Today{view ? ` (${view.today})` : ''}</h2>
        <TaskList tasks={today} empty="Nothing for today." act={act} testId="tasks-today" />
        <h3>Upcoming</h3>
        <TaskList tasks={upcoming} empty="Nothing planned yet." act={act} testId="tasks-upcoming" />
        {view ? <p className="muted">Times in {view.timeZone}.</p> : null}
      </section>
      <section className="panel" aria-labelledby={`${id}-goals`}>
        <h2 id={`${id}-goals`}>Goals</h2>
        {goals.data?.length === 0 ? <p className="muted">No goals yet. Tell the assistant one: “I want to learn Spanish in three months”.</p> : null}
        <div data-testid="goals-list">
          {goals.data?.map((g) => <GoalItem key={g.id} goal={g} act={act} />)}
        </div>
      </section>
      <RecentChanges />
    </div>
  );
}

type Act = (run: () => Promise<{ action: Action }>) => Promise<void>;

function GoalItem({ goal: g, act }: { goal: Goal; act: Act }) {
  const client = useClient();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <article className="goal" data-testid="goal">
      <div className="goal__head">
        {editing === null ? (
          <span className="goal__title" data-testid="goal-statement">
            {g.statement}
          </span>
        ) : (
          <form
            className="goal__title"
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => client.invoke('goals.update', { id: g.id, patch: { statement: editing } })).then(() => setEditing(null));
            }}
          >
            <input className="input" value={editing} onChange={(e) => setEditing(e.target.value)} aria-label="Goal" maxLength={300} autoFocus />
          </form>
        )}
        <span className="muted">{g.timeline}{g.targetDate ? ` · by ${g.targetDate}` : ''}</span>
        <button type="button" className="button button--ghost button--small" onClick={() => setEditing(editing === null ? g.statement : null)} aria-label={`Edit ${g.statement}`}>
          <Pencil size={14} aria-hidden="true" />
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => void act(() => client.invoke('goals.complete', { id: g.id, done: g.status !== 'done' }))} data-testid="goal-complete">
          <Check size={14} aria-hidden="true" /> {g.status === 'done' ? 'Reopen' : 'Complete'}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => void act(() => client.invoke('goals.delete', { id: g.id }))} aria-label={`Delete ${g.statement}`} data-testid="goal-delete">
          <Trash2 size={14} aria-hidden="true" />
        </button>
      </div>
      <progress max={1} value={g.progress} aria-label={`Progress of ${g.statement}`} data-testid="goal-progress" />
      <ul className="goal__milestones">
        {g.milestones.map((m) => (
          <li key={m.id}>
            <label>
              <input type="checkbox" checked={m.done} onChange={(e) => void act(() => client.invoke('goals.milestone', { goalId: g.id, milestoneId: m.id, done: e.target.checked }))} /> Week {m.week}: {m.title}
              {m.due ? <span className="muted"> (by {m.due})</span> : null}
            </label>
          </li>
        ))}
      </ul>
    </article>
  );
}

function TaskList({ tasks, empty, act, testId }: { tasks: Task[]; empty: string; act: Act; testId: string }) {
  const client = useClient();
  if (tasks.length === 0) return <p className="muted" data-testid={testId}>{empty}</p>;
  return (
    <ul className="tasks" data-testid={testId}>
      {tasks.map((t) => (
        <li key={t.id} className={`task${t.done ? ' is-done' : ''}`} data-testid="task">
          <input type="checkbox" checked={t.done} onChange={(e) => void act(() => client.invoke('tasks.complete', { id: t.id, done: e.target.checked }))} aria-label={`Done: ${t.title}`} />
          <span className="task__title">{t.title}</span>
          {t.goalStatement ? <span className="muted">{t.goalStatement}</span> : null}
          <input
            type="datetime-local"
            className="input"
            value={t.due.slice(0, 16)}
            aria-label={`When: ${t.title}`}
            onChange={(e) => e.target.value && void act(() => client.invoke('tasks.update', { id: t.id, patch: { due: `${e.target.value}:00${t.due.slice(19)}` } }))}
          />
          {t.durationMinutes ? <span className="muted">{t.durationMinutes} min</span> : null}
          <button type="button" className="button button--ghost button--small" onClick={() => void act(() => client.invoke('tasks.delete', { id: t.id }))} aria-label={`Delete ${t.title}`}>
            <Trash2 size={14} aria-hidden="true" />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The journal: the latest changes, each undoable once. */
function RecentChanges() {
  const client = useClient();
  const actions = useKoruQuery('actions.list', { limit: 15 });
  const id = useId();
  if (!actions.data?.length) return null;
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Recent changes</h2>
      <ul className="tasks" data-testid="recent-changes">
        {actions.data.map((a) => (
          <li key={a.id} className={`task${a.undone ? ' is-done' : ''}`}>
            <span className="task__title">{a.summary}</span>
            <span className="muted">{new Date(a.at).toLocaleString()}</span>
            {a.undoable ? (
              <button type="button" className="button button--ghost button--small" onClick={() => void client.invoke('actions.undo', { id: a.id }).catch((e: Error) => toast.error(e.message))}>
                <Undo2 size={14} aria-hidden="true" /> Undo
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
