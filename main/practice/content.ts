/** Words for a practice: an intention before, a dedication after, or a short reflection. A text
 *  provider writes them when one is configured (JSON mode, validated, one retry with the problem
 *  stated — as the ritual writer does); otherwise, or when it fails, the offline templates in
 *  resources/practice/templates.json do. */
import { z } from 'zod';
import { KoruError } from '../../contract/errors';
import { PRACTICE_NOTE_MAX, type Mantra, type WrittenKind } from '../../contract/practice';
import { OFFLINE } from '../../contract/providers';
import { ProviderError, type ChatMessage, type ProviderId, type TextWriter } from '../providers';
import raw from '../../resources/practice/templates.json';
import type { Log } from '../log';

const Templates = z.record(z.enum(['intention', 'dedication', 'reflection']), z.array(z.string().min(1)).min(1));
const templates = Templates.parse(raw);

const Reply = z.object({ text: z.string().trim().min(1).max(PRACTICE_NOTE_MAX) });

const ASK: Record<WrittenKind, string> = {
  intention: 'Write a short intention (one or two sentences, first person) to set before a mantra practice.',
  dedication: 'Write a short dedication of merit (one to three sentences) to say at the end of a mantra practice.',
  reflection: 'Write a short reflection (three to five sentences) to read after a mantra practice, in plain, warm language.',
};

export interface Context {
  mantra: Mantra;
  /** Repetitions so far today (dedications may mention them). */
  count: number;
}

/** The offline template `variant` of `kind`, filled in. */
export function offlineText(kind: WrittenKind, ctx: Context, variant = 0): string {
  const list = templates[kind] ?? [];
  const t = list[variant % list.length] ?? '';
  const meaning = ctx.mantra.meaning ? ctx.mantra.meaning.replace(/([^.!?])$/, '$1.') : '';
  return t
    .replace(/\{mantra\}/g, ctx.mantra.text)
    .replace(/\{meaning\}/g, meaning)
    .replace(/\{count\}/g, ctx.count.toLocaleString('en'))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PRACTICE_NOTE_MAX);
}

function prompt(kind: WrittenKind, ctx: Context): ChatMessage[] {
  // The mantra is the user's own text: passed as quoted data, never as instructions.
  const facts = JSON.stringify({ mantra: ctx.mantra.text, language: ctx.mantra.language, tradition: ctx.mantra.tradition, meaning: ctx.mantra.meaning, repetitionsToday: ctx.count });
  return [
    { role: 'system', content: 'You are a respectful teacher of contemplative practice across traditions. You answer with JSON only: {"text": "..."}.' },
    { role: 'user', content: `${ASK[kind]} Stay true to the tradition named, avoid guilt or pressure, and do not invent doctrine. The practice: ${facts}` },
  ];
}

export async function writeText(kind: WrittenKind, ctx: Context, writer: TextWriter | null, opts: { variant?: number; signal?: AbortSignal; log?: Log } = {}): Promise<{ text: string; writer: ProviderId }> {
  if (!writer || writer.provider === OFFLINE) return { text: offlineText(kind, ctx, opts.variant), writer: OFFLINE };
  const messages = prompt(kind, ctx);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await writer.write({ messages, json: true, ...(opts.signal ? { signal: opts.signal } : {}) });
      let problem: string;
      try {
        const r = Reply.safeParse(JSON.parse(reply.trim().replace(/^```(?:json)?\s*|\s*```$/g, '')));
        if (r.success) return { text: r.data.text, writer: writer.provider };
        problem = `the JSON needs one "text" string of 1 to ${PRACTICE_NOTE_MAX} characters`;
      } catch (err) {
        problem = `the reply was not valid JSON (${(err as Error).message})`;
      }
      messages.push({ role: 'assistant', content: reply.slice(0, 20_000) }, { role: 'user', content: `That reply cannot be used: ${problem}. Reply again with only the corrected JSON object.` });
    }
    throw new KoruError('PARSE_ERROR', `The ${writer.provider} writer returned an unusable text twice.`, { provider: writer.provider });
  } catch (err) {
    // No network, a revoked key, a muddled model: the practice still gets its words, offline.
    if ((err instanceof ProviderError || err instanceof KoruError) && !opts.signal?.aborted) {
      opts.log?.('warn', `practice: ${writer.provider} could not write; the offline templates did`, { reason: (err as Error).message });
      return { text: offlineText(kind, ctx, opts.variant), writer: OFFLINE };
    }
    throw err;
  }
}
