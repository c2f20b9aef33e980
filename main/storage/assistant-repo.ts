import { ASSISTANT_DEFAULTS, AssistantSettings } from '../../contract/assistant';
import { KoruError } from '../../contract/errors';
import type { Db } from './migrations/types';

/** Assistant sessions, their messages and the action journal (migration 009), as rows. */
export interface SessionRow {
  id: string;
  profile: string;
  engine: 'turns' | 'agent' | 'offline';
  providers: string;
  status: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
  message_count: number;
}
export interface MessageRow {
  session_id: string;
  seq: number;
  role: 'user' | 'assistant' | 'action';
  text: string;
  at: string;
  interrupted: 0 | 1;
  action_id: string | null;
}
export interface ActionRow {
  id: string;
  session_id: string | null;
  kind: string;
  summary: string;
  target_id: string | null;
  undo: string | null;
  undone_at: string | null;
  at: string;
}

export interface AssistantRepo {
  /** Creates a session only if `allowed` (given the profile's earlier sessions) says so, in one
   *  write transaction: two starts at once cannot both pass the limits. */
  createSession(row: Omit<SessionRow, 'message_count' | 'closed_at' | 'status'>, allowed: (earlier: SessionRow[]) => void): SessionRow;
  session(id: string): SessionRow | null;
  /** The profile's sessions created at or after `since`, oldest first. */
  sessionsSince(profile: string, since: string): SessionRow[];
  openSessions(profile?: string): SessionRow[];
  recentSessions(limit: number): SessionRow[];
  closeSession(id: string, at: string): SessionRow;
  /** A closed conversation taken up again (the CLI's --session). */
  reopenSession(id: string): SessionRow;
  addMessage(m: Omit<MessageRow, 'seq'>): MessageRow;
  messages(sessionId: string): MessageRow[];
  addAction(a: ActionRow): void;
  action(id: string): ActionRow | null;
  actions(limit: number): ActionRow[];
  markUndone(id: string, at: string): void;
}

const withCount = `SELECT s.*, (SELECT count(*) FROM assistant_messages m WHERE m.session_id = s.id) AS message_count FROM assistant_sessions s`;

export function createAssistantRepo(db: Db): AssistantRepo {
  const insertSession = db.prepare(
    `INSERT INTO assistant_sessions (id, profile, engine, providers, status, created_at) VALUES (@id, @profile, @engine, @providers, 'open', @created_at)`,
  );
  const byId = db.prepare<[string], SessionRow>(`${withCount} WHERE s.id = ?`);
  const since = db.prepare<[string, string], SessionRow>(`${withCount} WHERE s.profile = ? AND s.created_at >= ? ORDER BY s.created_at`);
  const openOf = db.prepare<[string], SessionRow>(`${withCount} WHERE s.status = 'open' AND s.profile = ? ORDER BY s.created_at`);
  const allOpen = db.prepare<[], SessionRow>(`${withCount} WHERE s.status = 'open' ORDER BY s.created_at`);
  const recent = db.prepare<[number], SessionRow>(`${withCount} ORDER BY s.created_at DESC LIMIT ?`);
  const close = db.prepare<[string, string]>(`UPDATE assistant_sessions SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`);
  const reopen = db.prepare<[string]>(`UPDATE assistant_sessions SET status = 'open', closed_at = NULL WHERE id = ?`);
  const nextSeq = db.prepare<[string], number>('SELECT coalesce(max(seq), 0) + 1 FROM assistant_messages WHERE session_id = ?').pluck();
  const insertMessage = db.prepare(
    'INSERT INTO assistant_messages (session_id, seq, role, text, at, interrupted, action_id) VALUES (@session_id, @seq, @role, @text, @at, @interrupted, @action_id)',
  );
  const messagesOf = db.prepare<[string], MessageRow>('SELECT * FROM assistant_messages WHERE session_id = ? ORDER BY seq');
  const insertAction = db.prepare(
    'INSERT INTO assistant_actions (id, session_id, kind, summary, target_id, undo, undone_at, at) VALUES (@id, @session_id, @kind, @summary, @target_id, @undo, @undone_at, @at)',
  );
  const actionById = db.prepare<[string], ActionRow>('SELECT * FROM assistant_actions WHERE id = ?');
  const latest = db.prepare<[number], ActionRow>('SELECT * FROM assistant_actions ORDER BY at DESC, rowid DESC LIMIT ?');
  const undone = db.prepare<[string, string]>('UPDATE assistant_actions SET undone_at = ? WHERE id = ?');

  const create = db.transaction((row: Omit<SessionRow, 'message_count' | 'closed_at' | 'status'>, allowed: (earlier: SessionRow[]) => void) => {
    const dayAgo = new Date(Date.parse(row.created_at) - 86_400_000 * 2).toISOString();
    allowed(since.all(row.profile, dayAgo).concat(openOf.all(row.profile).filter((s) => s.created_at < dayAgo)));
    insertSession.run(row);
  });

  return {
    createSession(row, allowed) {
      try {
        create.immediate(row, allowed);
      } catch (err) {
        if (err instanceof KoruError) throw err;
        throw new KoruError('STORAGE', `Could not start the conversation: ${(err as Error).message}`);
      }
      return byId.get(row.id)!;
    },
    session: (id) => byId.get(id) ?? null,
    sessionsSince: (profile, from) => since.all(profile, from),
    openSessions: (profile) => (profile === undefined ? allOpen.all() : openOf.all(profile)),
    recentSessions: (limit) => recent.all(limit),
    closeSession(id, at) {
      close.run(at, id);
      const s = byId.get(id);
      if (!s) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
      return s;
    },
    reopenSession(id) {
      if (reopen.run(id).changes === 0) throw new KoruError('NOT_FOUND', 'That conversation does not exist.', { id });
      return byId.get(id)!;
    },
    addMessage(m) {
      const row = db.transaction(() => {
        const r = { ...m, seq: nextSeq.get(m.session_id)! };
        insertMessage.run(r);
        return r;
      })();
      return row;
    },
    messages: (id) => messagesOf.all(id),
    addAction: (a) => void insertAction.run(a),
    action: (id) => actionById.get(id) ?? null,
    actions: (limit) => latest.all(limit),
    markUndone: (id, at) => void undone.run(at, id),
  };
}

/** The assistant's settings (name, zone, engine, providers), kept in the settings table under
 *  their own key (the general settings repo leaves keys it does not know alone). */
const SETTINGS_KEY = 'assistant.settings';

export interface AssistantSettingsRepo {
  get(): AssistantSettings;
  set(s: AssistantSettings): AssistantSettings;
}

export function createAssistantSettingsRepo(db: Db): AssistantSettingsRepo {
  const select = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get() {
      const raw = select.get(SETTINGS_KEY);
      if (raw === undefined) return { ...ASSISTANT_DEFAULTS };
      try {
        const r = AssistantSettings.safeParse({ ...ASSISTANT_DEFAULTS, ...(JSON.parse(raw) as object) });
        return r.success ? r.data : { ...ASSISTANT_DEFAULTS };
      } catch {
        return { ...ASSISTANT_DEFAULTS }; // unreadable: as if never set
      }
    },
    set(s) {
      const parsed = AssistantSettings.parse(s);
      upsert.run(SETTINGS_KEY, JSON.stringify(parsed));
      return parsed;
    },
  };
}
