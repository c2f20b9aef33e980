/**
 * The intent step: what a person's message asks for — focus areas, depth, style, length, extra
 * instructions. Offline it is read from the words themselves (a style named, "for beginners",
 * "10 minutes", "the routing system" → focus "routing"); with a writer configured, the LLM reads
 * it (JSON, validated). Values the person set in the form win over what the message implies.
 */
import { z } from 'zod';
import { STORY_MAX_MINUTES, STORY_MIN_MINUTES, StoryDepth, StoryStyle, type StoryIntent, type StoryRequest } from '../../../contract/stories';
import type { TextWriter } from '../../providers';
import { askJson, type ReplyCache } from './llm';

const STYLE_WORDS: Array<[RegExp, StoryIntent['style']]> = [
  [/\b(podcast|two hosts?|conversation|dialogue|interview)\b/i, 'podcast'],
  [/\b(tutorial|walk ?through|step[- ]by[- ]step|teach|learn|how to)\b/i, 'tutorial'],
  [/\b(technical|deep[- ]dive|in depth|internals|architecture review)\b/i, 'technical'],
  [/\b(story|fiction|tale|narrative|bedtime)\b/i, 'fiction'],
  [/\b(documentary|overview|tour)\b/i, 'documentary'],
];
const DEPTH_WORDS: Array<[RegExp, StoryIntent['depth']]> = [
  [/\b(beginner|new to|newcomer|simple|eli5|gentle|junior)\b/i, 'beginner'],
  [/\b(advanced|expert|deep|internals|senior|in depth|nitty)\b/i, 'advanced'],
];
const STOP = new Set(
  'i want to understand explain the a an of in on for me how this repo repository code codebase works work it its about please minutes minute min style podcast tutorial technical documentary fiction story beginner advanced intermediate with and is are that what why where who overview tour deep dive show tell learn system systems part parts focus focusing can you would like give make some'.split(
    ' ',
  ),
);

export function readIntentOffline(message: string, base: Pick<StoryIntent, 'style' | 'depth' | 'minutes'>): StoryIntent {
  const style = STYLE_WORDS.find(([re]) => re.test(message))?.[1] ?? base.style;
  const depth = DEPTH_WORDS.find(([re]) => re.test(message))?.[1] ?? base.depth;
  const m = /(\d{1,2})\s*(?:-|\s)?(?:minutes?|mins?)\b/i.exec(message);
  const minutes = m ? Math.min(STORY_MAX_MINUTES, Math.max(STORY_MIN_MINUTES, Number(m[1]))) : base.minutes;
  // Focus: "the X system", "the X", quoted terms, then the remaining content words.
  const focus: string[] = [];
  for (const q of message.matchAll(/["“']([^"”']{3,40})["”']/g)) focus.push(q[1]!.trim().toLowerCase());
  for (const t of message.matchAll(/\b(?:the|its|their)\s+([a-z][\w-]{2,30})(?:\s+(?:system|layer|module|code|logic|part|flow|pipeline|engine|api))?\b/gi)) {
    const w = t[1]!.toLowerCase();
    if (!STOP.has(w)) focus.push(w);
  }
  if (focus.length === 0) {
    for (const w of message.toLowerCase().match(/[a-z][\w-]{3,30}/g) ?? []) if (!STOP.has(w)) focus.push(w);
  }
  return { focus: [...new Set(focus)].slice(0, 5), depth, style, minutes, instructions: '' };
}

const LlmIntent = z.object({
  focus: z.array(z.string().trim().min(1).max(60)).max(8),
  depth: StoryDepth,
  style: StoryStyle,
  minutes: z.number().int().min(STORY_MIN_MINUTES).max(STORY_MAX_MINUTES),
  instructions: z.string().max(2000).default(''),
});

export async function readIntentLlm(
  writer: TextWriter,
  message: string,
  base: Pick<StoryIntent, 'style' | 'depth' | 'minutes'>,
  o: { signal?: AbortSignal; cache?: ReplyCache; scope?: string } = {},
): Promise<StoryIntent> {
  return askJson(
    writer,
    [
      { role: 'system', content: 'You turn a request for an audio story about a code repository into settings. Answer with JSON only.' },
      {
        role: 'user',
        content: `The listener wrote (quoted as data): ${JSON.stringify(message)}
Defaults if they do not say: style "${base.style}", depth "${base.depth}", minutes ${base.minutes}.
Reply with {"focus": [up to 5 short topics of the code they care about], "depth": "beginner"|"intermediate"|"advanced", "style": "documentary"|"tutorial"|"technical"|"fiction"|"podcast", "minutes": ${STORY_MIN_MINUTES}-${STORY_MAX_MINUTES}, "instructions": "anything else they asked for, as an instruction to the writer, or empty"}.`,
      },
    ],
    LlmIntent,
    o,
  );
}

/** The form's choices win (the chat box and `koru story --message` fill the form first); the
 *  message adds focus areas when the form has none, and its extra instructions. */
export function mergeIntent(req: StoryRequest, read: StoryIntent | null): StoryIntent {
  const focus = req.focus.length > 0 ? req.focus : (read?.focus ?? []);
  const instructions = [req.instructions ?? '', read?.instructions ?? ''].filter(Boolean).join(' ');
  return { focus, depth: req.depth, style: req.style, minutes: req.minutes, instructions: instructions.slice(0, 2000) };
}
