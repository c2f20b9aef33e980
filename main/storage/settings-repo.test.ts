import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KoruError } from '../../contract/errors';
import { Settings, type SettingsPatch } from '../../contract/settings';
import { openDatabase } from './db';
import { createSettingsRepo } from './settings-repo';
import { tempDir } from './testing';

const DEFAULTS = Settings.parse({});

function setup() {
  const db = openDatabase(':memory:');
  const log = vi.fn();
  return { db, log, repo: createSettingsRepo(db, { log }) };
}

const stored = (db: ReturnType<typeof setup>['db']) =>
  Object.fromEntries((db.prepare('SELECT key, value FROM settings ORDER BY key').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));

describe('settings repository', () => {
  it('returns the contract defaults on an empty database', () => {
    const { repo } = setup();
    expect(repo.get()).toEqual(DEFAULTS);
    expect(DEFAULTS).toEqual({ outputDevice: null, sampleRate: 48000, maxVolume: 0.8 });
  });

  it('changes only the keys sent, leaving earlier choices alone', () => {
    const { db, repo } = setup();
    expect(repo.update({ sampleRate: 44100 })).toEqual({ ...DEFAULTS, sampleRate: 44100 });
    // The patch schema fills defaults into missing keys; they must not overwrite stored values.
    expect(repo.update({ maxVolume: 0.5 })).toEqual({ ...DEFAULTS, sampleRate: 44100, maxVolume: 0.5 });
    expect(repo.update({ outputDevice: 'USB DAC', maxVolume: undefined })).toEqual({
      outputDevice: 'USB DAC',
      sampleRate: 44100,
      maxVolume: 0.5,
    });
    expect(stored(db)).toEqual({ maxVolume: '0.5', outputDevice: '"USB DAC"', sampleRate: '44100' });
    // null is a real value: back to the system default device.
    expect(repo.update({ outputDevice: null }).outputDevice).toBeNull();
    expect(repo.get().outputDevice).toBeNull();
  });

  it('refuses a bad patch with BAD_INPUT and stores nothing', () => {
    const { db, repo } = setup();
    const attempt = (patch: unknown) => {
      try {
        repo.update(patch as SettingsPatch);
      } catch (err) {
        return err instanceof KoruError ? err.code : 'other';
      }
      return 'accepted';
    };
    expect(attempt({ maxVolume: 1.5 })).toBe('BAD_INPUT');
    expect(attempt({ sampleRate: 22050 })).toBe('BAD_INPUT');
    expect(attempt({ maxVolume: 0.2, colour: 'red' })).toBe('BAD_INPUT');
    expect(stored(db)).toEqual({});
  });

  it('ignores stored values that no longer validate, and keeps unknown keys', () => {
    const { db, log, repo } = setup();
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    put.run('maxVolume', '7');
    put.run('sampleRate', '"fast"');
    put.run('outputDevice', '"Speakers"');
    put.run('fromTheFuture', '{"x":1}');
    expect(repo.get()).toEqual({ ...DEFAULTS, outputDevice: 'Speakers' });
    expect(log.mock.calls.map((c) => String(c[1])).sort()).toEqual([
      'ignoring invalid stored setting maxVolume',
      'ignoring invalid stored setting sampleRate',
    ]);
    repo.update({ maxVolume: 0.3 });
    expect(stored(db).fromTheFuture).toBe('{"x":1}');
    expect(repo.get().maxVolume).toBe(0.3);
  });

  it('keeps settings across close and reopen', () => {
    const file = path.join(tempDir(), 'koru.db');
    const db1 = openDatabase(file);
    createSettingsRepo(db1).update({ maxVolume: 0.25, sampleRate: 44100 });
    db1.close();
    const db2 = openDatabase(file);
    try {
      expect(createSettingsRepo(db2).get()).toEqual({ outputDevice: null, sampleRate: 44100, maxVolume: 0.25 });
    } finally {
      db2.close();
    }
  });
});
