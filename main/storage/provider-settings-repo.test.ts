import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { PROVIDER_DEFAULTS, ProviderSettings } from '../../contract/rituals';
import { openDatabase } from './db';
import { createProviderSettingsRepo } from './provider-settings-repo';
import { createSettingsRepo } from './settings-repo';

function setup() {
  const db = openDatabase(':memory:');
  const log = vi.fn();
  return { db, log, repo: createProviderSettingsRepo(db, { log }) };
}

describe('provider settings repository', () => {
  it('returns the contract defaults on an empty database', () => {
    const { repo } = setup();
    expect(repo.get()).toEqual(ProviderSettings.parse({}));
    expect(repo.get().openai.voice).toBe(PROVIDER_DEFAULTS.openai.voice);
  });

  it('merges per provider and keeps earlier choices across reopen', () => {
    const { db, repo } = setup();
    repo.update({ openai: { voice: 'nova' } });
    repo.update({ openai: { textModel: 'gpt-4.1-mini' }, speechOrder: ['openai', 'offline'] });
    const again = createProviderSettingsRepo(db).get();
    expect(again.openai).toEqual({ ...PROVIDER_DEFAULTS.openai, voice: 'nova', textModel: 'gpt-4.1-mini' });
    expect(again.speechOrder).toEqual(['openai', 'offline']);
    expect(again.elevenlabs).toEqual(PROVIDER_DEFAULTS.elevenlabs);
  });

  it('refuses a bad patch with a typed error and keeps what was stored', () => {
    const { repo } = setup();
    repo.update({ gemini: { voice: 'Puck' } });
    expect(() => repo.update({ gemini: { baseUrl: 'not a url' } })).toThrow(KoruError);
    expect(() => repo.update({ apiKey: 'sk-x' } as never)).toThrow(/Invalid provider settings/);
    expect(repo.get().gemini.voice).toBe('Puck');
  });

  it('falls back to defaults when the stored row is corrupt, and logs why', () => {
    const { db, repo, log } = setup();
    db.prepare("INSERT INTO settings (key, value) VALUES ('providers', '{\"writer\":\"nobody\"}')").run();
    expect(repo.get()).toEqual(ProviderSettings.parse({}));
    expect(log).toHaveBeenCalledWith('ignoring invalid stored provider settings', expect.anything());
  });

  it('does not disturb the app settings stored in the same table', () => {
    const { db, repo } = setup();
    const app = createSettingsRepo(db, { log: vi.fn() });
    app.update({ sampleRate: 44100 });
    repo.update({ writer: 'gemini' });
    expect(app.get().sampleRate).toBe(44100);
    expect(repo.get().writer).toBe('gemini');
  });
});
