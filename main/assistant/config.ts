/**
 * The assistant's two configuration files: `voice_prompt.md` (front matter with the greeting,
 * then who the assistant is) and `intents.yaml` (the functions, with JSON-schema parameters).
 * Koru's own copies live in resources/assistant; the user's edited copies in the data folder's
 * `assistant/`. A copy that does not parse is reported with line numbers and the last good
 * version is used meanwhile (kept beside it as `.<name>.last-good`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { CONFIG_FILE_NAMES, FUNCTION_NAMES, FunctionName, type ConfigFile, type ConfigView, type FunctionSpec } from '../../contract/assistant';
import { KoruError } from '../../contract/errors';
import { formatIssues } from '../../contract/issues';
import { writeFileAtomic } from '../storage';

const BUILTIN_DIR = new URL('../../resources/assistant/', import.meta.url);

export interface PromptConfig {
  prompt: string;
  greeting: string;
}

export interface AssistantConfig extends PromptConfig {
  functions: FunctionSpec[];
  /** Arguments checkers, from each function's JSON schema. */
  validators: Map<string, z.ZodType>;
}

/** Why a file cannot be used: a sentence per problem, each starting with its line. */
export class ConfigError extends KoruError {
  constructor(file: ConfigFile, problems: string[]) {
    super('PARSE_ERROR', `${CONFIG_FILE_NAMES[file]}: ${problems.join('; ')}`, { file, problems });
  }
}

const Front = z.object({ greeting: z.string().trim().min(1, 'the greeting cannot be empty').max(300) }).strict();

const Parameters = z
  .object({ type: z.literal('object', 'parameters must be a JSON schema of type "object"'), properties: z.record(z.string(), z.unknown()) })
  .passthrough();
const IntentsFile = z
  .object({
    functions: z
      .array(
        z
          .object({
            name: z.string().refine((n) => (FUNCTION_NAMES as readonly string[]).includes(n), {
              message: `Koru carries out only ${FUNCTION_NAMES.join(', ')}`,
            }),
            description: z.string().trim().min(1, 'a function needs a description').max(1000),
            parameters: Parameters,
          })
          .strict(),
      )
      .min(1, 'list at least one function')
      .max(FUNCTION_NAMES.length),
  })
  .strict();

/** "line 12: …" for a YAML path, through the document's node ranges. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

export function parseIntents(text: string): { functions: FunctionSpec[]; validators: Map<string, z.ZodType> } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError('intents', doc.errors.slice(0, 3).map((e) => `line ${counter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  }
  const parsed = IntentsFile.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new ConfigError(
      'intents',
      parsed.error.issues.slice(0, 3).map((i) => {
        const line = lineOf(doc, counter, i.path);
        return `${line ? `line ${line}: ` : ''}${formatIssues([i]).message}`;
      }),
    );
  }
  const problems: string[] = [];
  const validators = new Map<string, z.ZodType>();
  const seen = new Set<string>();
  parsed.data.functions.forEach((f, i) => {
    const line = lineOf(doc, counter, ['functions', i, 'name']);
    if (seen.has(f.name)) problems.push(`line ${line}: ${f.name} is listed twice`);
    seen.add(f.name);
    try {
      validators.set(f.name, z.fromJSONSchema(f.parameters as Parameters<typeof z.fromJSONSchema>[0]));
    } catch (err) {
      problems.push(`line ${lineOf(doc, counter, ['functions', i, 'parameters'])}: the parameters of ${f.name} are not a JSON schema Koru can check (${(err as Error).message})`);
    }
  });
  if (problems.length) throw new ConfigError('intents', problems);
  return { functions: parsed.data.functions.map((f) => ({ name: FunctionName.parse(f.name), description: f.description, parameters: f.parameters })), validators };
}

export function parsePrompt(text: string): PromptConfig {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new ConfigError('prompt', ['line 1: start with front matter: ---, greeting: …, ---, then the prompt']);
  const counter = new LineCounter();
  const doc = parseDocument(m[1]!, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) throw new ConfigError('prompt', doc.errors.slice(0, 3).map((e) => `line ${counter.linePos(e.pos[0]).line + 1}: ${e.message.split('\n')[0]}`));
  const front = Front.safeParse(doc.toJS() ?? {});
  if (!front.success) {
    throw new ConfigError('prompt', front.error.issues.slice(0, 3).map((i) => `line ${(lineOf(doc, counter, i.path) ?? 0) + 1}: ${formatIssues([i]).message}`));
  }
  const prompt = m[2]!.trim();
  if (prompt === '') throw new ConfigError('prompt', [`line ${m[1]!.split('\n').length + 3}: the prompt after the front matter is empty`]);
  return { prompt, greeting: front.data.greeting };
}

const PARSERS = { prompt: parsePrompt, intents: parseIntents } as const;

export function builtinText(file: ConfigFile): string {
  return readFileSync(new URL(CONFIG_FILE_NAMES[file], BUILTIN_DIR), 'utf8');
}

/** The config files in the data folder: read, checked, saved, reset. */
export function createConfigStore(dataDir: string) {
  const dir = join(dataDir, 'assistant');
  const custom = (f: ConfigFile) => join(dir, CONFIG_FILE_NAMES[f]);
  const lastGood = (f: ConfigFile) => join(dir, `.${CONFIG_FILE_NAMES[f]}.last-good`);
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : null);

  /** The text in use: your copy if it parses, else its last good version, else Koru's own. */
  function effective(file: ConfigFile): { text: string; view: ConfigView } {
    const mine = read(custom(file));
    if (mine === null) {
      const text = builtinText(file);
      return { text, view: { file, text, source: 'builtin', error: null } };
    }
    try {
      PARSERS[file](mine);
      if (read(lastGood(file)) !== mine) writeFileAtomic(lastGood(file), mine);
      return { text: mine, view: { file, text: mine, source: 'custom', error: null } };
    } catch (err) {
      const good = read(lastGood(file));
      const fallback = good !== null && safe(() => PARSERS[file](good)) ? good : builtinText(file);
      const note = good !== null && fallback === good ? 'the last good version is in use' : 'Koru’s own file is in use';
      return { text: fallback, view: { file, text: mine, source: 'custom', error: `${(err as Error).message} — ${note}` } };
    }
  }

  return {
    view: (file: ConfigFile): ConfigView => effective(file).view,
    load(): AssistantConfig {
      const prompt = parsePrompt(effective('prompt').text);
      const intents = parseIntents(effective('intents').text);
      return { ...prompt, ...intents };
    },
    /** Refuses a copy that does not parse (nothing written); a good one becomes the last good. */
    save(file: ConfigFile, text: string): ConfigView {
      PARSERS[file](text);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(custom(file), text);
      writeFileAtomic(lastGood(file), text);
      return effective(file).view;
    },
    reset(file: ConfigFile): ConfigView {
      rmSync(custom(file), { force: true });
      rmSync(lastGood(file), { force: true });
      return effective(file).view;
    },
    dir,
  };
}

function safe(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

export type ConfigStore = ReturnType<typeof createConfigStore>;
