import { KoruError } from '../../contract/errors';
import { formatIssues } from '../../contract/issues';
import { ProviderSettings, ProviderSettingsPatch } from '../../contract/rituals';
import type { Db } from './migrations/types';
import type { StorageLog } from './session-repo';

/** Stored under one row of the settings table; the app settings repo skips keys it does not know. */
const KEY = 'providers';

export interface ProviderSettingsRepo {
  get(): ProviderSettings;
  /** Merges per provider: a patch of `{ openai: { voice } }` keeps the other OpenAI fields. */
  update(patch: ProviderSettingsPatch): ProviderSettings;
}

type Stored = Record<string, unknown>;

export function createProviderSettingsRepo(db: Db, opts: { log?: StorageLog } = {}): ProviderSettingsRepo {
  const log = opts.log ?? ((message, details) => console.warn(`[storage] ${message}`, details ?? ''));
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  /** The raw stored patch, or {} when absent or unreadable (defaults then apply; nothing is thrown). */
  function stored(): Stored {
    const row = select.get(KEY);
    if (!row) return {};
    try {
      const raw: unknown = JSON.parse(row.value);
      const r = ProviderSettingsPatch.safeParse(raw);
      if (r.success) return r.data as Stored;
      log('ignoring invalid stored provider settings', { issues: formatIssues(r.error).details });
    } catch {
      log('ignoring unreadable provider settings');
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
