/** Languages as people and providers name them — "French", "fr", "fr-CA", whisper's "english",
 *  ElevenLabs' "eng" — reduced to one key, so "is the target the source language?" (voice
 *  replacement) has one answer. */
const THREE_LETTER: Readonly<Record<string, string>> = {
  eng: 'en', fra: 'fr', fre: 'fr', deu: 'de', ger: 'de', spa: 'es', ita: 'it', por: 'pt', jpn: 'ja', zho: 'zh', chi: 'zh', rus: 'ru',
  nld: 'nl', dut: 'nl', hin: 'hi', ara: 'ar', kor: 'ko', pol: 'pl', tur: 'tr', swe: 'sv', ukr: 'uk', vie: 'vi', ell: 'el', gre: 'el',
};

let byName: Map<string, string> | null = null;

/** English names of the two-letter codes, lower case → code. */
function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const dn = new Intl.DisplayNames(['en'], { type: 'language' });
  const a = 'a'.charCodeAt(0);
  for (let i = 0; i < 26; i++) {
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(a + i, a + j);
      const name = dn.of(code);
      if (name && name !== code) byName.set(name.toLowerCase(), code);
    }
  }
  return byName;
}

/** "French" / "fr" / "fr-CA" / "fra" → "fr"; an unknown name stays as written (lower case). */
export function languageKey(language: string): string {
  const s = language.trim().toLowerCase();
  const code = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/.exec(s);
  if (code && (code[1]!.length === 2 || THREE_LETTER[code[1]!])) return THREE_LETTER[code[1]!] ?? code[1]!;
  return names().get(s.replace(/\s*\(.*\)$/, '')) ?? s;
}

export const sameLanguage = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && languageKey(a) === languageKey(b);

/** "fr" → "French", for prompts and messages; names pass through. */
export function languageName(language: string): string {
  const key = languageKey(language);
  if (key.length !== 2) return language;
  return new Intl.DisplayNames(['en'], { type: 'language' }).of(key) ?? language;
}
