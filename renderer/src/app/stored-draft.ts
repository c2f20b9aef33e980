// Unfinished edits kept in Web Storage (localStorage: in Electron it lives in the user-data
// folder), so leaving a page, a reload or a crash does not lose what someone typed. Storage may
// be full or disabled; then a draft lives only as long as the page, and nothing throws.

/** A number field left unreadable holds NaN, which JSON cannot carry: stored as this marker. */
const NAN = '\u0000NaN';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The stored value, or null when there is none or it is not JSON. */
export function readDraft(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text == null ? null : (JSON.parse(text, (_k, v: unknown) => (v === NAN ? NaN : v)) as unknown);
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? NAN : v)));
  } catch {
    // See above: the draft stays in memory only.
  }
}

export function removeDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing stored, nothing to lose.
  }
}
