/**
 * Text for the ear: what a narrator says must never be punctuation read aloud. Code that slipped
 * into a script (fences, inline code, paths, operators, identifiers) becomes words: a fence is
 * dropped for a sentence that says a code example was shown, `parseConfig` becomes "parse config",
 * `src/router.ts` becomes "router dot T S in src", `=>` becomes "arrow".
 */
const EXT_WORDS: Record<string, string> = {
  ts: 'T S', tsx: 'T S X', js: 'J S', jsx: 'J S X', mjs: 'M J S', py: 'P Y', rs: 'R S', go: 'go', md: 'markdown', json: 'JSON',
  toml: 'TOML', yml: 'YAML', yaml: 'YAML', java: 'Java', kt: 'Kotlin', rb: 'ruby', c: 'C', h: 'H', cpp: 'C P P', sh: 'shell', css: 'C S S', html: 'H T M L',
};

const OPERATORS: Array<[RegExp, string]> = [
  [/=>/g, ' arrow '],
  [/===?/g, ' equals '],
  [/!==?/g, ' is not '],
  [/&&/g, ' and '],
  [/\|\|/g, ' or '],
  [/::/g, ' '],
  [/->/g, ' to '],
  [/[{}[\]<>]/g, ' '],
  [/[;`*#|\\^~]/g, ' '],
];

/** `parseConfig` → "parse config", `MAX_FILE_BYTES` → "max file bytes", `read_file` → "read file". */
export function identifierWords(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** `packages/core/src/router.ts` → "router dot T S, in packages core src". */
export function pathWords(p: string): string {
  const parts = p.split('/').filter(Boolean);
  const file = parts.pop() ?? p;
  const dot = file.lastIndexOf('.');
  const name = dot > 0 ? `${file.slice(0, dot)} dot ${EXT_WORDS[file.slice(dot + 1).toLowerCase()] ?? file.slice(dot + 1)}` : file;
  const spokenName = name.replace(/[_-]+/g, ' ');
  return parts.length ? `${spokenName}, in ${parts.join(' ').replace(/[_.-]+/g, ' ')}` : spokenName;
}

const PATH = /(?:[\w.-]+\/)+[\w.-]+\.\w{1,5}\b|\b[\w-]+\.(?:ts|tsx|js|jsx|mjs|py|rs|go|md|json|toml|ya?ml|java|kt|rb|cpp|sh|css|html)\b/g;

export function forTheEar(text: string): string {
  let t = text.replace(/```[\s\S]*?```/g, ' (a short code example is on screen in the transcript; in words: it shows the idea just described.) ');
  t = t.replace(/`([^`]+)`/g, (_m, code: string) => (/^[\w$]+$/.test(code) ? identifierWords(code) : code));
  t = t.replace(PATH, (p) => pathWords(p));
  t = t.replace(/\b[a-z]+(?:[A-Z][a-z0-9]+)+\b/g, identifierWords).replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, identifierWords);
  t = t.replace(/\b\w+(?:_\w+)+\b/g, identifierWords);
  t = t.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1'); // markdown links: the words only
  t = t.replace(/(\w)\/(?=\w)/g, '$1 '); // a folder path without a file: its parts, not "slash"
  for (const [re, words] of OPERATORS) t = t.replace(re, words);
  return t.replace(/\s+([,.;:!?])/g, '$1').replace(/\s{2,}/g, ' ').trim();
}

export const countWords = (text: string): number => (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).length;
