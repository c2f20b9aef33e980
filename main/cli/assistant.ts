/** `koru assistant`, `koru goals list`, `koru tasks list`: the assistant by text and what it
 *  made, from the command line. Keys and endpoints come from the environment (OPENAI_API_KEY,
 *  GEMINI_API_KEY, …); with none, the offline assistant answers. JSON output uses the contract's
 *  shapes; due times carry the profile's offset. */
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { KoruError } from '../../contract/errors';
import type { TurnResult } from '../../contract/assistant';
import { Day } from '../../contract/sky';
import { ProviderSettings, type ProviderId } from '../../contract/providers';
import { providersFor } from './choices';
import { createAssistant, type AssistantParts } from '../assistant';
import { presets } from '../sessions';
import { systemTimeZone } from '../sky';
import { defaultDataDir, openDatabase, createSkyLocationRepo } from '../storage';

export interface AssistantCliOptions {
  text?: string;
  session?: string;
  provider?: string;
  json?: boolean;
  dataDir?: string;
}

export interface AssistantCliDeps {
  env?: NodeJS.ProcessEnv;
  stdout?: { write(s: string): unknown };
  stdin?: NodeJS.ReadableStream;
}

async function open(o: { dataDir?: string }, env: NodeJS.ProcessEnv) {
  const dataDir = o.dataDir ?? defaultDataDir(env);
  const db = openDatabase(join(dataDir, 'koru.db'));
  const [{ createProviders }, { createMemorySecretStore }] = await Promise.all([import('../providers'), import('../secrets')]);
  const providers = createProviders({ secrets: createMemorySecretStore(), settings: ProviderSettings.parse({}), env, log: (level, m) => void (level === 'error' && process.stderr.write(`koru: ${m}\n`)) });
  const sky = createSkyLocationRepo(db);
  const parts: AssistantParts = createAssistant({
    db,
    dataDir,
    providers,
    emit: () => true,
    log: (level, m) => void (level === 'error' && process.stderr.write(`koru: ${m}\n`)),
    defaultTimeZone: () => sky.get()?.timeZone ?? systemTimeZone(),
    presets,
    silent: true,
  });
  return { ...parts, close: () => db.close() };
}

/** --provider: a model that calls functions, or "offline". */
function engineFor(provider: string | undefined): { engine?: 'offline' | 'turns'; think?: ProviderId } {
  if (provider === undefined) return {};
  if (provider === 'offline') return { engine: 'offline' };
  if (!providersFor('tools').includes(provider as ProviderId)) throw new KoruError('BAD_INPUT', `--provider must be one of ${[...providersFor('tools'), 'offline'].join(', ')} (got "${provider}")`);
  return { engine: 'turns', think: provider as ProviderId };
}

function printTurn(r: TurnResult, out: { write(s: string): unknown }): void {
  for (const a of r.actions) out.write(`  ✓ ${a.summary}\n`);
  if (r.reply) out.write(`${r.reply.text}\n`);
}

export async function assistantText(o: AssistantCliOptions, deps: AssistantCliDeps = {}): Promise<void> {
  const out = deps.stdout ?? process.stdout;
  const text = o.text?.trim() ?? '';
  if (text === '') throw new KoruError('BAD_INPUT', 'give what to say: --text "…"');
  if (text.length > 2000) throw new KoruError('BAD_INPUT', '--text may be at most 2000 characters');
  const choice = engineFor(o.provider);
  const a = await open(o, deps.env ?? process.env);
  try {
    const id = o.session ? a.assistant.resume(o.session, choice.engine, choice.think).id : (await a.assistant.create(choice.engine, choice.think)).session.id;
    try {
      const r = await a.assistant.say(id, text);
      if (o.json) out.write(`${JSON.stringify({ sessionId: id, ...r }, null, 2)}\n`);
      else {
        printTurn(r, out);
        out.write(`(conversation ${id}: continue it with --session ${id})\n`);
      }
    } finally {
      a.assistant.close(id);
    }
  } finally {
    a.close();
  }
}

export async function assistantChat(o: AssistantCliOptions, deps: AssistantCliDeps = {}): Promise<void> {
  const out = deps.stdout ?? process.stdout;
  const choice = engineFor(o.provider);
  const a = await open(o, deps.env ?? process.env);
  const rl = createInterface({ input: deps.stdin ?? process.stdin, terminal: false });
  try {
    const id = o.session ? a.assistant.resume(o.session, choice.engine, choice.think).id : (await a.assistant.create(choice.engine, choice.think)).session.id;
    const session = a.assistant.list().find((s) => s.id === id)!;
    out.write(`${session.engine === 'offline' ? 'Offline assistant' : `Assistant (${session.providers.think})`} — type, or "exit" to end.\n`);
    const greeting = a.assistant.messages(id).at(-1);
    if (!o.session && greeting?.role === 'assistant') out.write(`${greeting.text}\n`);
    try {
      for await (const line of rl) {
        const text = line.trim();
        if (text === '' ) continue;
        if (/^(exit|quit|bye)$/i.test(text)) break;
        try {
          printTurn(await a.assistant.say(id, text.slice(0, 2000)), out);
        } catch (err) {
          out.write(`koru: ${(err as Error).message}\n`);
        }
      }
    } finally {
      const closed = a.assistant.close(id);
      out.write(`(conversation ${id} ended, ${closed.messageCount} messages kept)\n`);
    }
  } finally {
    rl.close();
    a.close();
  }
}

export async function goalsList(o: { json?: boolean; dataDir?: string }, deps: AssistantCliDeps = {}): Promise<void> {
  const out = deps.stdout ?? process.stdout;
  const a = await open(o, deps.env ?? process.env);
  try {
    const goals = a.goals.listGoals();
    if (o.json) return void out.write(`${JSON.stringify(goals, null, 2)}\n`);
    if (goals.length === 0) out.write('no goals yet\n');
    for (const g of goals) {
      out.write(`${g.status === 'done' ? '✓' : '•'} ${g.statement} (${g.timeline}${g.targetDate ? `, by ${g.targetDate}` : ''}) ${Math.round(g.progress * 100)}%\n`);
      for (const m of g.milestones) out.write(`    [${m.done ? 'x' : ' '}] week ${m.week}: ${m.title}\n`);
    }
  } finally {
    a.close();
  }
}

export async function tasksList(o: { json?: boolean; date?: string; dataDir?: string }, deps: AssistantCliDeps = {}): Promise<void> {
  const out = deps.stdout ?? process.stdout;
  if (o.date !== undefined) {
    const r = Day.safeParse(o.date);
    if (!r.success) throw new KoruError('BAD_INPUT', `--date: ${r.error.issues[0]?.message ?? 'a date is YYYY-MM-DD'}`);
  }
  const a = await open(o, deps.env ?? process.env);
  try {
    const view = a.goals.listTasks(o.date);
    if (o.json) return void out.write(`${JSON.stringify(view, null, 2)}\n`);
    out.write(`${o.date ? `Tasks on ${o.date}` : `Today (${view.today}), overdue and upcoming`} — ${view.timeZone}\n`);
    if (view.tasks.length === 0) out.write('  nothing\n');
    for (const t of view.tasks) out.write(`  [${t.done ? 'x' : ' '}] ${t.due.slice(0, 16).replace('T', ' ')}  ${t.title}${t.durationMinutes ? ` (${t.durationMinutes} min)` : ''}${t.goalStatement ? ` — ${t.goalStatement}` : ''}\n`);
  } finally {
    a.close();
  }
}
