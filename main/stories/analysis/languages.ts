/**
 * Languages by extension (and a few file names). `kind` follows GitHub linguist: only
 * `programming` and `markup` count towards a repository's language shares; data and prose
 * files are read and packed, but do not make a repository "a YAML project".
 */
import { extOf } from './rules';

export type LanguageKind = 'programming' | 'markup' | 'data' | 'prose';
export interface Language {
  name: string;
  kind: LanguageKind;
  /** The Markdown fence tag used when a file is packed for the LLM. */
  fence: string;
}

const L = (name: string, kind: LanguageKind, fence: string, exts: string): Array<[string, Language]> =>
  exts.split(' ').map((e) => [e, { name, kind, fence }]);

const BY_EXT = new Map<string, Language>([
  ...L('TypeScript', 'programming', 'ts', 'ts tsx mts cts'),
  ...L('JavaScript', 'programming', 'js', 'js jsx mjs cjs'),
  ...L('Python', 'programming', 'python', 'py pyi pyw'),
  ...L('Go', 'programming', 'go', 'go'),
  ...L('Rust', 'programming', 'rust', 'rs'),
  ...L('Java', 'programming', 'java', 'java'),
  ...L('Kotlin', 'programming', 'kotlin', 'kt kts'),
  ...L('Scala', 'programming', 'scala', 'scala sc'),
  ...L('Groovy', 'programming', 'groovy', 'groovy gradle'),
  ...L('C', 'programming', 'c', 'c h'),
  ...L('C++', 'programming', 'cpp', 'cc cpp cxx c++ hh hpp hxx ipp'),
  ...L('C#', 'programming', 'csharp', 'cs csx'),
  ...L('F#', 'programming', 'fsharp', 'fs fsi fsx'),
  ...L('Swift', 'programming', 'swift', 'swift'),
  ...L('Objective-C', 'programming', 'objectivec', 'm mm'),
  ...L('Ruby', 'programming', 'ruby', 'rb rake gemspec'),
  ...L('PHP', 'programming', 'php', 'php phtml'),
  ...L('Perl', 'programming', 'perl', 'pl pm'),
  ...L('Lua', 'programming', 'lua', 'lua'),
  ...L('R', 'programming', 'r', 'r'),
  ...L('Julia', 'programming', 'julia', 'jl'),
  ...L('Dart', 'programming', 'dart', 'dart'),
  ...L('Elixir', 'programming', 'elixir', 'ex exs'),
  ...L('Erlang', 'programming', 'erlang', 'erl hrl'),
  ...L('Haskell', 'programming', 'haskell', 'hs lhs'),
  ...L('OCaml', 'programming', 'ocaml', 'ml mli'),
  ...L('Clojure', 'programming', 'clojure', 'clj cljs cljc edn'),
  ...L('Zig', 'programming', 'zig', 'zig'),
  ...L('Nim', 'programming', 'nim', 'nim'),
  ...L('Shell', 'programming', 'bash', 'sh bash zsh fish'),
  ...L('PowerShell', 'programming', 'powershell', 'ps1 psm1'),
  ...L('SQL', 'programming', 'sql', 'sql'),
  ...L('Solidity', 'programming', 'solidity', 'sol'),
  ...L('WebAssembly', 'programming', 'wasm', 'wat'),
  ...L('Vue', 'markup', 'vue', 'vue'),
  ...L('Svelte', 'markup', 'svelte', 'svelte'),
  ...L('HTML', 'markup', 'html', 'html htm'),
  ...L('CSS', 'markup', 'css', 'css'),
  ...L('SCSS', 'markup', 'scss', 'scss sass less'),
  ...L('JSON', 'data', 'json', 'json jsonc json5'),
  ...L('YAML', 'data', 'yaml', 'yml yaml'),
  ...L('TOML', 'data', 'toml', 'toml'),
  ...L('XML', 'data', 'xml', 'xml xsd xsl plist'),
  ...L('INI', 'data', 'ini', 'ini cfg conf properties env'),
  ...L('CSV', 'data', 'csv', 'csv tsv'),
  ...L('GraphQL', 'data', 'graphql', 'graphql gql'),
  ...L('Protocol Buffers', 'data', 'protobuf', 'proto'),
  ...L('Markdown', 'prose', 'markdown', 'md mdx markdown'),
  ...L('reStructuredText', 'prose', 'rst', 'rst'),
  ...L('Text', 'prose', 'text', 'txt adoc asciidoc org'),
]);

const BY_NAME = new Map<string, Language>([
  ['dockerfile', { name: 'Dockerfile', kind: 'programming', fence: 'dockerfile' }],
  ['makefile', { name: 'Makefile', kind: 'programming', fence: 'makefile' }],
  ['gnumakefile', { name: 'Makefile', kind: 'programming', fence: 'makefile' }],
  ['cmakelists.txt', { name: 'CMake', kind: 'programming', fence: 'cmake' }],
  ['jenkinsfile', { name: 'Groovy', kind: 'programming', fence: 'groovy' }],
  ['rakefile', { name: 'Ruby', kind: 'programming', fence: 'ruby' }],
  ['gemfile', { name: 'Ruby', kind: 'programming', fence: 'ruby' }],
]);

const UNKNOWN: Language = { name: 'Other', kind: 'data', fence: '' };

export function languageOf(name: string): Language {
  const n = name.toLowerCase();
  return BY_NAME.get(n) ?? (n.startsWith('dockerfile.') ? BY_NAME.get('dockerfile')! : undefined) ?? BY_EXT.get(extOf(n)) ?? UNKNOWN;
}

/** Counts towards the language shares. */
export const countsAsCode = (l: Language): boolean => l.kind === 'programming' || l.kind === 'markup';
