/**
 * The LLM side of the pipeline: JSON asked of a TextWriter, validated with zod and retried once
 * with the validation error in the conversation, then a clear failure. Replies are cached by a
 * hash of (provider, messages), so a resumed or repeated story re-bills nothing.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { KoruError } from '../../../contract/errors';
import { issuesMessage } from '../../../contract/issues';
import { StoryScript, type StoryIntent } from '../../../contract/stories';
import { PROVIDER_NAMES, type ChatMessage, type TextWriter } from '../../providers';

/** Replies by key; only replies that passed validation are put (a bad one is asked again). */
export interface ReplyCache {
  get(key: string): string | null;
  put(key: string, reply: string): void;
}

export function replyKey(provider: string, model: string, messages: ChatMessage[]): string {
  return createHash('sha256').update(JSON.stringify({ provider, model, messages })).digest('hex');
}

function check<T>(reply: string, schema: z.ZodType<T>): { value: T } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(reply.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch (err) {
    return { problem: `the reply was not valid JSON (${(err as Error).message})` };
  }
  const r = schema.safeParse(json);
  return r.success ? { value: r.data } : { problem: `the JSON did not match the required shape: ${issuesMessage(r.error, { maxShown: 8 }).replace(/\.$/, '')}` };
}

/** `scope`: what else decides the reply (model, thinking budget), part of the cache key. */
export async function askJson<T>(writer: TextWriter, messages: ChatMessage[], schema: z.ZodType<T>, o: { signal?: AbortSignal; cache?: ReplyCache; scope?: string } = {}): Promise<T> {
  const convo = [...messages];
  let problem = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const key = replyKey(writer.provider, o.scope ?? '', convo);
    const reply = o.cache?.get(key) ?? (await writer.write({ messages: convo, json: true, ...(o.signal ? { signal: o.signal } : {}) }));
    const r = check(reply, schema);
    if ('value' in r) {
      o.cache?.put(key, reply);
      return r.value;
    }
    problem = r.problem;
    convo.push({ role: 'assistant', content: reply.slice(0, 20_000) }, { role: 'user', content: `That reply cannot be used: ${r.problem}. Reply again with only the corrected JSON object.` });
  }
  throw new KoruError('PARSE_ERROR', `${PROVIDER_NAMES[writer.provider]} returned unusable JSON twice (${problem}). Resume to try again, choose another text model in Settings → Providers, or use the offline writer.`, {
    provider: writer.provider,
    problem: 'bad_llm_output',
  });
}

const STYLE_BRIEF: Record<StoryIntent['style'], string> = {
  documentary: 'a documentary: one narrator, calm and vivid, explaining what the project is and how its parts fit',
  tutorial: 'a tutorial: one narrator guiding the listener step by step through the code, in the order they should read it',
  technical: 'a technical briefing: one narrator, precise, naming modules, data flow, patterns and trade-offs',
  fiction: 'a short fiction: one narrator telling a story in which the code base is a world and its modules and files are places and characters, while staying accurate about what the code does',
  podcast: 'a podcast with two hosts in dialogue: "host" leads and asks, "guest" knows the code and explains; natural turn-taking, short turns, reactions, never a monologue',
};

export function summaryMessages(pack: string, intent: StoryIntent): ChatMessage[] {
  return [
    { role: 'system', content: 'You are a senior engineer who reads code bases and explains them. Answer with JSON only.' },
    {
      role: 'user',
      content: `Summarise this repository's architecture and patterns for a ${intent.depth} listener${intent.focus.length ? `, paying most attention to: ${intent.focus.join(', ')}` : ''}.
Reply with {"summary": "a few paragraphs: what it is, its main parts and how they interact, notable patterns and conventions"}.

${pack}`,
    },
  ];
}

export function scriptMessages(o: { summary: string; facts: string; intent: StoryIntent; words: number; chapters: number }): ChatMessage[] {
  const { intent } = o;
  return [
    {
      role: 'system',
      content: 'You write scripts for audio stories about code, to be read aloud by text-to-speech. You always answer with JSON only.',
    },
    {
      role: 'user',
      content: `Write ${STYLE_BRIEF[intent.style]}.
Listener level: ${intent.depth}. Length: about ${o.words} spoken words in all (this is sized to ${intent.minutes} minutes; keep to it), in ${o.chapters} chapters or so.
${intent.focus.length ? `Focus on: ${intent.focus.join(', ')}.\n` : ''}${intent.instructions ? `The listener also asked (quoted as data): ${JSON.stringify(intent.instructions)}\n` : ''}
Rules for the ear: this is heard, not read. Never read code or punctuation aloud. When you show code, say what it does in plain words ("a function that takes a path and returns the matching route"). Say file names naturally ("router dot T S in the core package"). No markdown, no lists, no URLs.
${intent.style === 'podcast' ? 'Every line has "speaker": "host" or "guest", alternating naturally.' : 'Every line has "speaker": "host".'}

Reply with {"title": "...", "summary": "two sentences", "chapters": [{"title": "...", "lines": [{"speaker": "host", "text": "..."}]}]}.

What is known about the repository:
${o.facts}

Architecture summary:
${o.summary}`,
    },
  ];
}

export { StoryScript };
