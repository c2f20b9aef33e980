import { KoruError } from '../../contract/errors';
import { formatIssues } from '../../contract/issues';
import { Settings, SettingsPatch } from '../../contract/settings';
import type { Db } from './migrations/types';
import { consoleLog, type Log } from '../log';

export interface SettingsRepo {
  /** Contract defaults, overlaid with every stored value that still validates. */
  get(): Settings;
  /** Store only the keys present in `patch`; returns the merged settings. */
  update(patch: SettingsPatch): Settings;
}

type Key = keyof Settings;
const KEYS = Object.keys(Settings.shape) as Key[];
const isKey = (k: string): k is Key => (KEYS as string[]).includes(k);

export function createSettingsRepo(db: Db, opts: { log?: Log } = {}): SettingsRepo {
  const log = opts.log ?? consoleLog;
  const selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  function get(): Settings {
    const merged: Record<string, unknown> = Settings.parse({});
    for (const { key, value } of selectAll.all()) {
      // Unknown keys may belong to a newer Koru: leave them stored, just don't surface them.
      if (!isKey(key)) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        log('warn', `ignoring unreadable setting ${key}`, { key });
        continue;
      }
      const r = Settings.shape[key].safeParse(parsed);
      if (r.success) merged[key] = r.data;
      else log('warn', `ignoring invalid stored setting ${key}`, { key, value: parsed });
    }
    // Each field was validated on its own; the whole object is checked once more as a guard.
    return Settings.parse(merged);
  }

  return {
    get,
    update(patch) {
      const r = SettingsPatch.strict().safeParse(patch);
      if (!r.success) {
        const { message, details } = formatIssues(r.error);
        throw new KoruError('BAD_INPUT', `Invalid settings: ${message}`, details);
      }
      // zod fills defaults into a partial's missing keys, so write only the keys the caller sent:
      // otherwise changing one setting would reset the others to their defaults.
      const raw = patch as Record<string, unknown>;
      const sent = Object.keys(raw).filter((k): k is Key => isKey(k) && raw[k] !== undefined);
      try {
        db.transaction(() => {
          for (const key of sent) upsert.run(key, JSON.stringify(r.data[key] ?? null));
        }).immediate();
      } catch (err) {
        throw new KoruError('STORAGE', `Could not save settings: ${(err as Error).message}`);
      }
      return get();
    },
  };
}
