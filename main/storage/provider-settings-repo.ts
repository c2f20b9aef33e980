import { KoruError } from '../../contract/errors';
import { formatIssues } from '../../contract/issues';
import { ProviderSettings, ProviderSettingsPatch } from '../../contract/providers';
import type { Db } from './migrations/types';
import { consoleLog, type Log } from '../log';

/** Stored under one row of the settings table; the app settings repo skips keys it does not know. */
const KEY = 'providers';

export interface ProviderSettingsRepo {
  get(): ProviderSettings;
  /** Merges per provider: a patch of `{ openai: { voice } }` keeps the other OpenAI fields. */
  update(patch: ProviderSettingsPatch): ProviderSettings;
}

type Stored = Record<string, unknown>;

export function createProviderSettingsRepo(db: Db, opts: { log?: Log } = {}): ProviderSettingsRepo {
  const log = opts.log ?? consoleLog;
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  /** The stored patch; a field the schema now refuses (e.g. an http base URL to another machine)
   *  is left out, and its default applies, without losing the others. Nothing is thrown. */
  function stored(): Stored {
    const row = select.get(KEY);
    if (!row) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch {
      log('warn', 'ignoring unreadable provider settings');
      return {};
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    let value = raw as Stored;
    for (let round = 0; round < 8; round++) {
      const r = ProviderSettingsPatch.safeParse(value);
      if (r.success) return r.data as Stored;
      if (round === 0) log('warn', 'ignoring invalid stored provider settings', { issues: r.error.issues });
      value = withoutIssues(value, r.error.issues);
    }
    return {};
  }

  return {
    get: () => ProviderSettings.parse(stored()),
    update(patch) {
      const r = ProviderSettingsPatch.safeParse(patch);
      if (!r.success) {
        const { message, details } = formatIssues(r.error);
        throw new KoruError('BAD_INPUT', `Invalid provider settings: ${message}`, details);
      }
      const next: Stored = { ...stored() };
      for (const [k, v] of Object.entries(r.data as Stored)) {
        if (v === undefined) continue;
        const prev = next[k];
        const isGroup = typeof v === 'object' && v !== null && !Array.isArray(v);
        next[k] = isGroup && typeof prev === 'object' && prev !== null ? { ...prev, ...v } : v;
      }
      try {
        upsert.run(KEY, JSON.stringify(next));
      } catch (err) {
        throw new KoruError('STORAGE', `Could not save provider settings: ${(err as Error).message}`);
      }
      return ProviderSettings.parse(next);
    },
  };
}

/** A copy without the fields the issues point at: a top-level field, one provider field, or the
 *  unknown keys a strict object named. */
function withoutIssues(value: Stored, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; keys?: string[] }>): Stored {
  const next: Stored = { ...value };
  const drop = (path: string[]) => {
    const [top, inner] = path;
    if (top === undefined) return;
    const group = next[top];
    if (inner !== undefined && typeof group === 'object' && group !== null && !Array.isArray(group)) {
      const { [inner]: _dropped, ...rest } = group as Stored;
      next[top] = rest;
    } else if (inner === undefined) delete next[top];
  };
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.keys) for (const k of issue.keys) drop([...path, k]);
    else if (path.length === 0) return {};
    else drop(path);
  }
  return next;
}
