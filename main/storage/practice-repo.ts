import { randomUUID } from 'node:crypto';
import { KoruError } from '../../contract/errors';
import { MantraDraft, PracticeSettingsPatch, type DayCount, type Mantra, type PracticeSettingsPatch as Patch } from '../../contract/practice';
import { Id } from '../../contract/session';
import type { Db } from './migrations/types';

/** Your own mantras, each mantra's settings and mala position, and counts per mantra and day
 *  (migration 005). Starter mantras are not stored: they come from resources/practice. */
export interface PracticeRepo {
  listMantras(): Mantra[];
  getMantra(id: string): Mantra | null;
  createMantra(draft: MantraDraft): Mantra;
  updateMantra(id: string, draft: MantraDraft): Mantra;
  /** Deletes the mantra with its settings and counts; false when there was none. */
  deleteMantra(id: string): boolean;
  /** The stored settings patch (applied over the defaults), or {} when none was saved. */
  settings(mantraId: string): Patch;
  saveSettings(mantraId: string, settings: Patch): void;
  bead(mantraId: string): number;
  /** Adds `add` beads on `day`: the mala moves on, completed rounds are added to the day.
   *  One transaction; returns the rounds completed and the new bead. */
  addCount(mantraId: string, day: string, add: number, roundSize: number): { roundsCompleted: number; bead: number };
  dedicate(mantraId: string, day: string, text: string): void;
  /** Days from `from` to `to` (inclusive) that have a row, oldest first. */
  days(mantraId: string, from: string, to: string): (DayCount & { dedication: string | null })[];
  /** Every day with any count, oldest first (streaks). */
  practisedDays(mantraId: string): string[];
  lifetime(mantraId: string): { count: number; rounds: number; days: number };
}

interface MantraRow {
  id: string;
  text: string;
  language: string;
  tradition: string;
  meaning: string;
}

const toMantra = (r: MantraRow): Mantra => ({ ...r, source: null, builtin: false });

function checkId(id: string): string {
  if (!Id.safeParse(id).success) throw new KoruError('BAD_INPUT', `Invalid mantra id ${JSON.stringify(id)}.`);
  return id;
}

export function createPracticeRepo(db: Db, opts: { now?: () => Date; newId?: () => string } = {}): PracticeRepo {
  const now = opts.now ?? (() => new Date());
  const newId = opts.newId ?? randomUUID;

  const listAll = db.prepare<[], MantraRow>('SELECT id, text, language, tradition, meaning FROM mantras ORDER BY created_at DESC, rowid DESC');
  const getOne = db.prepare<[string], MantraRow>('SELECT id, text, language, tradition, meaning FROM mantras WHERE id = ?');
  const insert = db.prepare('INSERT INTO mantras (id, text, language, tradition, meaning, created_at, updated_at) VALUES (@id, @text, @language, @tradition, @meaning, @at, @at)');
  const update = db.prepare('UPDATE mantras SET text = @text, language = @language, tradition = @tradition, meaning = @meaning, updated_at = @at WHERE id = @id');
  const delMantra = db.prepare<[string]>('DELETE FROM mantras WHERE id = ?');
  const delState = db.prepare<[string]>('DELETE FROM practice_state WHERE mantra_id = ?');
  const delDays = db.prepare<[string]>('DELETE FROM practice_days WHERE mantra_id = ?');
  const getState = db.prepare<[string], { settings: string | null; bead: number }>('SELECT settings, bead FROM practice_state WHERE mantra_id = ?');
  const putSettings = db.prepare<[string, string]>(
    'INSERT INTO practice_state (mantra_id, settings) VALUES (?, ?) ON CONFLICT (mantra_id) DO UPDATE SET settings = excluded.settings',
  );
  const putBead = db.prepare<[string, number]>('INSERT INTO practice_state (mantra_id, bead) VALUES (?, ?) ON CONFLICT (mantra_id) DO UPDATE SET bead = excluded.bead');
  const addDay = db.prepare<[string, string, number, number]>(
    'INSERT INTO practice_days (mantra_id, day, count, rounds) VALUES (?, ?, ?, ?) ON CONFLICT (mantra_id, day) DO UPDATE SET count = count + excluded.count, rounds = rounds + excluded.rounds',
  );
  const putDedication = db.prepare<[string, string, string]>(
    'INSERT INTO practice_days (mantra_id, day, dedication) VALUES (?, ?, ?) ON CONFLICT (mantra_id, day) DO UPDATE SET dedication = excluded.dedication',
  );
  const selectDays = db.prepare<[string, string, string], DayCount & { dedication: string | null }>(
    'SELECT day, count, rounds, dedication FROM practice_days WHERE mantra_id = ? AND day BETWEEN ? AND ? ORDER BY day',
  );
  const selectPractised = db.prepare<[string], string>('SELECT day FROM practice_days WHERE mantra_id = ? AND count > 0 ORDER BY day').pluck();
  const selectLifetime = db.prepare<[string], { count: number | null; rounds: number | null; days: number }>(
    'SELECT sum(count) AS count, sum(rounds) AS rounds, count(CASE WHEN count > 0 THEN 1 END) AS days FROM practice_days WHERE mantra_id = ?',
  );

  const valid = (draft: MantraDraft): MantraDraft => {
    const r = MantraDraft.safeParse(draft);
    if (!r.success) throw new KoruError('BAD_INPUT', `Invalid mantra: ${r.error.issues[0]?.message ?? 'unreadable'}.`);
    return r.data;
  };

  const addCountTx = db.transaction((mantraId: string, day: string, add: number, roundSize: number) => {
    const reached = (getState.get(mantraId)?.bead ?? 0) + add;
    const roundsCompleted = Math.floor(reached / roundSize);
    const bead = reached % roundSize;
    addDay.run(mantraId, day, add, roundsCompleted);
    putBead.run(mantraId, bead);
    return { roundsCompleted, bead };
  });
  const deleteTx = db.transaction((id: string) => {
    const gone = delMantra.run(id).changes > 0;
    if (gone) {
      delState.run(id);
      delDays.run(id);
    }
    return gone;
  });

  return {
    listMantras: () => listAll.all().map(toMantra),
    getMantra(id) {
      const r = getOne.get(checkId(id));
      return r ? toMantra(r) : null;
    },
    createMantra(draft) {
      const d = valid(draft);
      const id = newId();
      insert.run({ id, ...d, at: now().toISOString() });
      return toMantra({ id, ...d });
    },
    updateMantra(id, draft) {
      const d = valid(draft);
      if (update.run({ id: checkId(id), ...d, at: now().toISOString() }).changes === 0) throw new KoruError('NOT_FOUND', 'That mantra is not in your library any more.');
      return toMantra({ id, ...d });
    },
    deleteMantra: (id) => deleteTx(checkId(id)),
    settings(mantraId) {
      const raw = getState.get(checkId(mantraId))?.settings;
      if (!raw) return {};
      // A patch written by another version: keep what still validates, drop the rest.
      const parsed = PracticeSettingsPatch.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : {};
    },
    saveSettings(mantraId, settings) {
      putSettings.run(checkId(mantraId), JSON.stringify(PracticeSettingsPatch.parse(settings)));
    },
    bead: (mantraId) => getState.get(checkId(mantraId))?.bead ?? 0,
    addCount(mantraId, day, add, roundSize) {
      if (!Number.isInteger(add) || add < 1 || !Number.isInteger(roundSize) || roundSize < 1) throw new KoruError('BAD_INPUT', 'A count adds at least one bead to a round of at least one.');
      return addCountTx(checkId(mantraId), day, add, roundSize);
    },
    dedicate: (mantraId, day, text) => void putDedication.run(checkId(mantraId), day, text),
    days: (mantraId, from, to) => selectDays.all(checkId(mantraId), from, to),
    practisedDays: (mantraId) => selectPractised.all(checkId(mantraId)),
    lifetime(mantraId) {
      const r = selectLifetime.get(checkId(mantraId));
      return { count: r?.count ?? 0, rounds: r?.rounds ?? 0, days: r?.days ?? 0 };
    },
  };
}
