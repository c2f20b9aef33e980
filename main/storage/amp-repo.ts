import { KoruError } from '../../contract/errors';
import { formatIssues, issuesMessage } from '../../contract/issues';
import { AmpProfile, AmpSettings, AmpSettingsPatch, type AmpDevice, type AmpProfileInput } from '../../contract/hardware';
import type { Db } from './migrations/types';
import type { Log } from '../log';

export interface AmpRepo {
  getSettings(): AmpSettings;
  updateSettings(patch: AmpSettingsPatch): AmpSettings;
  /** Remember (or forget, with null) the amplifier last connected. */
  setLastDevice(device: AmpDevice | null): AmpSettings;
  /** The session's own profile, or the default one. */
  getProfile(sessionId: string): { profile: AmpProfile; isDefault: boolean };
  setProfile(sessionId: string, profile: AmpProfileInput | null): { profile: AmpProfile; isDefault: boolean };
}

/** Amplifier settings and per-session profiles (tables from migration 003). */
export function createAmpRepo(db: Db, { log }: { log: Log }): AmpRepo {
  const readSettings = db.prepare<[], string>('SELECT value FROM amp_settings WHERE id = 1').pluck();
  const writeSettings = db.prepare<[string]>(
    'INSERT INTO amp_settings (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value',
  );
  const readProfile = db.prepare<[string], string>('SELECT profile FROM amp_profiles WHERE session_id = ?').pluck();
  const writeProfile = db.prepare<[string, string]>(
    'INSERT INTO amp_profiles (session_id, profile) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET profile = excluded.profile',
  );
  const deleteProfile = db.prepare<[string]>('DELETE FROM amp_profiles WHERE session_id = ?');
  const sessionExists = db.prepare<[string], number>('SELECT 1 FROM sessions WHERE id = ?').pluck();

  function getSettings(): AmpSettings {
    const text = readSettings.get();
    if (text === undefined) return AmpSettings.parse({});
    const r = AmpSettings.safeParse(JSON.parse(text));
    if (r.success) return r.data;
    // A hand-edited or newer row: fall back to safe defaults rather than an unsafe cap.
    log('warn', 'amp: stored amplifier settings are invalid; using defaults', formatIssues(r.error).details);
    return AmpSettings.parse({});
  }

  /** The stored settings with `changes` laid over them, written back whole. */
  function save(changes: Partial<AmpSettings>): AmpSettings {
    const next = AmpSettings.parse({ ...getSettings(), ...changes });
    writeSettings.run(JSON.stringify(next));
    return next;
  }

  function getProfile(sessionId: string) {
    const text = readProfile.get(sessionId);
    if (text !== undefined) {
      const r = AmpProfile.safeParse(JSON.parse(text));
      if (r.success) return { profile: r.data, isDefault: false };
      log('warn', `amp: stored profile of session ${sessionId} is invalid; using the default`);
    }
    return { profile: getSettings().defaultProfile, isDefault: true };
  }

  return {
    getSettings,
    updateSettings(patch) {
      const checked = AmpSettingsPatch.strict().safeParse(patch);
      if (!checked.success) throw new KoruError('BAD_INPUT', `Invalid amplifier settings: ${issuesMessage(checked.error)}`);
      return save(Object.fromEntries(Object.entries(checked.data).filter(([, v]) => v !== undefined)));
    },
    setLastDevice: (device) => save({ lastDevice: device }),
    getProfile,
    setProfile(sessionId, profile) {
      if (sessionExists.get(sessionId) === undefined) throw new KoruError('NOT_FOUND', `no session ${sessionId}`);
      if (profile === null) deleteProfile.run(sessionId);
      else {
        const r = AmpProfile.safeParse(profile);
        if (!r.success) throw new KoruError('BAD_INPUT', `Invalid amplifier profile: ${issuesMessage(r.error)}`);
        writeProfile.run(sessionId, JSON.stringify(r.data));
      }
      return getProfile(sessionId);
    },
  };
}
