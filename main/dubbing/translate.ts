/** Translation through any text writer (OpenAI-compatible, Gemini, or any provider added to the
 *  table): batches of lines as JSON that keeps every line's id, a window of context either side,
 *  a length budget per line from its speaking time, and a glossary of terms left as they are.
 *  The reply is checked with zod and by id: a line dropped or merged into another is asked for
 *  again once, then reported by id. */
import { z } from 'zod';
import { KoruError } from '../../contract/errors';
import type { TextWriter } from '../providers';

export interface Line {
  id: string;
  text: string;
  /** Seconds available to speak it (its own time plus the pause after, up to the next line). */
  seconds: number;
}

export interface TranslateInput {
  writer: TextWriter;
  lines: readonly Line[];
  /** The whole transcript, for context around each batch. */
  all: readonly Line[];
  from: string | null;
  to: string;
  glossary: readonly string[];
  signal: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  log?: (level: 'info' | 'warn', action: string, details?: unknown) => void;
}

export const BATCH_LINES = 20;
export const CONTEXT_LINES = 3;
/** Characters a voice speaks in a second, about, in most languages. */
const CHARS_PER_SEC = 14;

const Reply = z.object({ segments: z.array(z.object({ id: z.string(), text: z.string().trim().min(1) })) });

const SYSTEM = (from: string | null, to: string, glossary: readonly string[]) =>
  [
    `You translate a dubbing script${from ? ` from ${from}` : ''} into ${to}.`,
    'Each line will be spoken in the time the original took: keep each translation close to its "budget" characters, natural and speakable; shorten rather than overrun.',
    'Translate each line on its own: never merge, split, drop, reorder or add lines; keep every id exactly.',
    glossary.length ? `Never translate these terms; keep them exactly as written: ${glossary.map((g) => JSON.stringify(g)).join(', ')}.` : '',
    'The "context" lines are for meaning only; do not return them.',
    'Reply with JSON only: {"segments": [{"id": "<id>", "text": "<translation>"}]}.',
  ]
    .filter(Boolean)
    .join('\n');

export const budgetOf = (seconds: number) => Math.max(8, Math.round(seconds * CHARS_PER_SEC));

/** Translations by id. Batches go out together; the writer's queue limits how many at once. */
export async function translateLines(i: TranslateInput): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const batches: Line[][] = [];
  for (let k = 0; k < i.lines.length; k += BATCH_LINES) batches.push(i.lines.slice(k, k + BATCH_LINES));
  const position = new Map(i.all.map((l, k) => [l.id, k]));
  let done = 0;
  await Promise.all(
    batches.map(async (batch) => {
      const first = position.get(batch[0]!.id) ?? 0;
      const last = position.get(batch.at(-1)!.id) ?? first;
      const request = {
        context: {
          before: i.all.slice(Math.max(0, first - CONTEXT_LINES), first).map((l) => l.text),
          after: i.all.slice(last + 1, last + 1 + CONTEXT_LINES).map((l) => l.text),
        },
        segments: batch.map((l) => ({ id: l.id, text: l.text, budget: budgetOf(l.seconds) })),
      };
      const got = await translateBatch(i, batch, JSON.stringify(request));
      for (const [id, text] of got) out.set(id, text);
      done += batch.length;
      i.onProgress?.(done, i.lines.length);
    }),
  );
  return out;
}

async function translateBatch(i: TranslateInput, batch: Line[], request: string): Promise<Map<string, string>> {
  const want = batch.map((l) => l.id);
  const messages = [
    { role: 'system' as const, content: SYSTEM(i.from, i.to, i.glossary) },
    { role: 'user' as const, content: request },
  ];
  let problem = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const content = await i.writer.write({ messages, json: true, signal: i.signal });
    let parsed: z.infer<typeof Reply> | null = null;
    try {
      parsed = Reply.parse(JSON.parse(content));
    } catch {
      problem = 'the reply was not the JSON asked for';
    }
    if (parsed) {
      const got = new Map(parsed.segments.map((s) => [s.id, s.text]));
      const missing = want.filter((id) => !got.has(id));
      const extra = [...got.keys()].filter((id) => !want.includes(id));
      if (missing.length === 0 && extra.length === 0 && parsed.segments.length === want.length) return got;
      problem = [
        missing.length ? `dropped or merged ${missing.join(', ')}` : '',
        extra.length ? `invented ${extra.join(', ')}` : '',
        parsed.segments.length !== got.size ? 'repeated an id' : '',
      ]
        .filter(Boolean)
        .join('; ');
    }
    if (attempt === 0) {
      i.log?.('warn', `The translation ${problem}; asking once more`, { ids: want });
      messages.push({ role: 'assistant' as never, content }, { role: 'user', content: `That reply ${problem}. Return exactly these ids, one translation each, in this order: ${want.join(', ')}.` });
    }
  }
  throw new KoruError('PROVIDER', `The translation ${problem} (lines ${want[0]}–${want.at(-1)}), twice. Edit those lines or try another text model.`, { ids: want, failure: 'bad_reply' });
}
