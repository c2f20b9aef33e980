/** The LLM ritual writer: prompt → TextWriter (JSON mode) → zod. An invalid reply is retried once
 *  with the validation error in the conversation; a second failure is reported, naming the
 *  provider and what was wrong. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KoruError } from '../../contract/errors';
import { issuesMessage } from '../../contract/issues';
import type { z } from 'zod';
import { RitualScript, RitualSection, type RitualRequest } from '../../contract/rituals';
import type { ChatMessage, TextWriter } from '../providers';
import { speechFraction, WORDS_PER_MINUTE } from './offline-writer';

// From the sources (main/rituals/) and from the bundle (dist-main/), the resources folder sits
// at a different depth; whichever exists is the one.
const PROMPT_CANDIDATES = ['../../resources/rituals/prompt.md', '../resources/rituals/prompt.md'];
let promptText: string | null = null;
function template(): string {
  if (promptText !== null) return promptText;
  for (const rel of PROMPT_CANDIDATES) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (fs.existsSync(file)) return (promptText = fs.readFileSync(file, 'utf8'));
  }
  throw new KoruError('INTERNAL', 'The ritual prompt (resources/rituals/prompt.md) is missing from this installation.');
}

const STYLE_HINTS = {
  gentle: 'soft, reassuring, unhurried',
  direct: 'clear, simple instructions, no imagery beyond what helps',
  poetic: 'rich in imagery and metaphor, still easy to follow by ear',
} as const;

export function buildPrompt(req: RitualRequest, text: string = template()): string {
  const words = Math.round(req.minutes * speechFraction(req.minutes) * WORDS_PER_MINUTE);
  const vars: Record<string, string> = {
    // The intention is the user's own text: quoted as data so it cannot pose as instructions.
    intention: JSON.stringify(req.intention),
    minutes: String(req.minutes),
    words: String(words),
    focus: req.focus.length ? req.focus.join(', ') : 'whatever serves the intention best',
    style: req.style,
    styleHint: STYLE_HINTS[req.style],
  };
  return text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m);
}

/** The parsed reply, or why it is unusable in words an LLM (and a person) can act on. */
function problemWith<T>(reply: string, schema: z.ZodType<T>): { value: T } | { problem: string } {
  let json: unknown;
  // Some servers wrap JSON in a code fence even in JSON mode.
  const body = reply.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
  try {
    json = JSON.parse(body);
  } catch (err) {
    return { problem: `the reply was not valid JSON (${(err as Error).message})` };
  }
  const r = schema.safeParse(json);
  if (r.success) return { value: r.data };
  return { problem: `the JSON did not match the required shape: ${issuesMessage(r.error, { maxShown: 8 }).replace(/\.$/, '')}` };
}

/** Asks for JSON and validates it; an unusable reply is retried once with the problem stated. */
async function askJson<T>(
  writer: TextWriter,
  messages: ChatMessage[],
  check: (reply: string) => { value: T } | { problem: string },
  opts: { model?: string; signal?: AbortSignal },
): Promise<T> {
  let lastProblem = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const reply = await writer.write({
      messages,
      json: true,
      ...(opts.model ? { model: opts.model } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const r = check(reply);
    if ('value' in r) return r.value;
    lastProblem = r.problem;
    messages.push({ role: 'assistant', content: reply.slice(0, 20_000) });
    messages.push({ role: 'user', content: `That reply cannot be used: ${r.problem}. Reply again with only the corrected JSON object.` });
  }
  throw new KoruError(
    'PARSE_ERROR',
    `The ${writer.provider} writer returned an unusable script twice (${lastProblem}). Try again, choose another model in Settings → Providers, or use the offline writer.`,
    { provider: writer.provider },
  );
}

const SYSTEM = 'You are a careful meditation teacher and writer. You always answer with JSON only.';

export async function writeLlmScript(
  writer: TextWriter,
  req: RitualRequest,
  opts: { model?: string; signal?: AbortSignal } = {},
): Promise<RitualScript> {
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: buildPrompt(req) },
  ];
  return askJson(writer, messages, (reply) => problemWith(reply, RitualScript), opts);
}

/** A fresh version of one section, in the context of the whole script. */
export async function rewriteLlmSection(
  writer: TextWriter,
  req: RitualRequest,
  script: RitualScript,
  index: number,
  opts: { model?: string; signal?: AbortSignal } = {},
): Promise<RitualSection> {
  const section = script.sections[index];
  if (!section) throw new KoruError('BAD_INPUT', `This ritual has no section ${index + 1}.`);
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: buildPrompt(req) },
    { role: 'assistant', content: JSON.stringify(script) },
    {
      role: 'user',
      content: `Rewrite section ${index} (kind "${section.kind}") with fresh wording, keeping its kind, its purpose and a similar length. Reply with only that section as a JSON object: {"kind": "...", "text": "...", "pauseAfterSec": ${section.pauseAfterSec}}`,
    },
  ];
  return askJson(writer, messages, (reply) => problemWith(reply, RitualSection), opts);
}
