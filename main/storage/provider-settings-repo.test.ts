import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { ProviderSettings } from '../../contract/providers';

const PROVIDER_DEFAULTS = ProviderSettings.parse({});
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
    expect(() => repo.update({ gemini: { baseUrl: 'http://203.0.113.7/v1' } })).toThrow(/Use https/);
    expect(() => repo.update({ apiKey: 'sk-x' } as never)).toThrow(/Invalid provider settings/);
    expect(repo.get().gemini.voice).toBe('Puck');
  });

  it('falls back to defaults when the stored row is corrupt, and logs why', () => {
    const { db, repo, log } = setup();
    db.prepare("INSERT INTO settings (key, value) VALUES ('providers', '{\"writer\":\"nobody\"}')").run();
    expect(repo.get()).toEqual(ProviderSettings.parse({}));
    expect(log).toHaveBeenCalledWith('warn', 'ignoring invalid stored provider settings', expect.anything());
  });

  it('drops only the stored fields the schema now refuses, keeping the rest', () => {
    const { db, repo, log } = setup();
    // Saved before plain http to another machine was refused, next to choices that still hold.
    const old = { writer: 'gemini', openai: { baseUrl: 'http://192.168.1.9:11434/v1', voice: 'nova' }, gemini: { voice: 'Puck', retired: true } };
    db.prepare("INSERT INTO settings (key, value) VALUES ('providers', ?)").run(JSON.stringify(old));
    const s = repo.get();
    expect(s.openai).toEqual({ ...PROVIDER_DEFAULTS.openai, voice: 'nova' });
    expect(s.gemini.voice).toBe('Puck');
    expect(s.writer).toBe('gemini');
    expect(log).toHaveBeenCalledWith('warn', 'ignoring invalid stored provider settings', expect.anything());
    // The next save keeps the choices that still hold.
    expect(repo.update({ elevenlabs: { concurrency: 3 } })).toMatchObject({ writer: 'gemini', openai: { voice: 'nova', baseUrl: null }, elevenlabs: { concurrency: 3 } });
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
