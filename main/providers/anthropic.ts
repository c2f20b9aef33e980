import Anthropic from '@anthropic-ai/sdk';
import { KoruError } from '../../contract/errors';
import { PROVIDERS } from '../../contract/providers';
import { ProviderError } from './errors';
import type { ChatMessage, TextWriter } from './types';
import { modelCount, type Connection, type Vendor } from './vendor';

/**
 * Anthropic Claude on the official SDK (@anthropic-ai/sdk, Apache-2.0): text through the Messages
 * API, optionally with extended thinking (`thinking: {type: 'enabled', budget_tokens}`), whose
 * `thinking` / `redacted_thinking` blocks are skipped when the reply's text is read.
 */
export interface AnthropicOptions {
  apiKey: string;
  /** Host only (the SDK adds `/v1/messages`). */
  baseURL?: string;
  textModel?: string;
  /** 0: no extended thinking. */
  thinkingBudget?: number;
  timeoutMs?: number;
  /** The registry passes the guarded fetch (guarded-fetch.ts). */
  fetch?: typeof fetch;
}

const DEFAULTS = PROVIDERS.anthropic.fields;
/** Room for the answer itself, above what thinking may spend (a 60-minute script is ~12k tokens). */
const ANSWER_TOKENS = 16_000;

export function createAnthropicClient(o: AnthropicOptions): Anthropic {
  // maxRetries 0: our queue owns retrying. authToken null: an ANTHROPIC_AUTH_TOKEN in the
  // environment must never ride along to whatever endpoint this client was built for.
  return new Anthropic({
    apiKey: o.apiKey,
    authToken: null,
    baseURL: o.baseURL ?? null,
    maxRetries: 0,
    timeout: o.timeoutMs ?? 300_000,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

export interface ClaudeRequest {
  model: string;
  system?: string;
  messages: Anthropic.MessageParam[];
  thinkingBudget: number;
  signal?: AbortSignal;
}

/** The one Messages API call (tool use can be added here by whoever needs it). */
export async function createClaudeMessage(client: Anthropic, r: ClaudeRequest): Promise<Anthropic.Message> {
  const thinking = r.thinkingBudget > 0;
  return client.messages.create(
    {
      model: r.model,
      max_tokens: ANSWER_TOKENS + (thinking ? r.thinkingBudget : 0),
      messages: r.messages,
      ...(r.system ? { system: r.system } : {}),
      ...(thinking ? { thinking: { type: 'enabled' as const, budget_tokens: r.thinkingBudget } } : {}),
    },
    { signal: r.signal },
  );
}

/** The reply's text: its `text` blocks in order; thinking blocks are Claude's working, not the answer. */
export function replyText(message: Anthropic.Message): string {
  return message.content
    .filter((b): b is Anthropic.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('');
}

/** Chat messages → Claude's shape: system text apart, and turns that alternate (merging repeats). */
export function toClaudeMessages(messages: ChatMessage[]): { system?: string; messages: Anthropic.MessageParam[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const turns: Anthropic.MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const last = turns.at(-1);
    if (last && last.role === m.role) last.content = `${last.content as string}\n\n${m.content}`;
    else turns.push({ role: m.role, content: m.content });
  }
  return { ...(system ? { system } : {}), messages: turns };
}

export function createAnthropicWriter(o: AnthropicOptions, client = createAnthropicClient(o)): TextWriter {
  return {
    provider: 'anthropic',
    async write({ messages, json, model, signal }) {
      const { system, messages: turns } = toClaudeMessages(messages);
      if (turns[0]?.role !== 'user') throw new KoruError('BAD_INPUT', 'Claude needs the conversation to start with a user message');
      // Claude has no JSON mode: the instruction is part of the system prompt.
      const sys = json ? `${system ?? ''}\n\nAnswer with one JSON object only: no prose, no code fence.`.trim() : system;
      const res = await createClaudeMessage(client, {
        model: model ?? o.textModel ?? DEFAULTS.textModel.default,
        messages: turns,
        thinkingBudget: o.thinkingBudget ?? DEFAULTS.thinkingBudget.default,
        ...(sys ? { system: sys } : {}),
        ...(signal ? { signal } : {}),
      });
      const text = replyText(res).trim();
      if (text === '') {
        const why = res.stop_reason === 'max_tokens' ? ' (it ran out of tokens — lower the thinking budget)' : ' — check the text model in Settings → Providers';
        throw new ProviderError('anthropic', 'bad_reply', { message: `Anthropic sent no text${why}` });
      }
      if (json) {
        try {
          JSON.parse(text.replace(/^```(?:json)?\s*|\s*```$/g, ''));
        } catch {
          throw new ProviderError('anthropic', 'bad_reply', { message: 'Anthropic replied with text that is not JSON — try another text model' });
        }
      }
      return text;
    },
  };
}

/** A cheap authenticated call for "Test connection". */
export async function listAnthropicModels(client: Anthropic, signal?: AbortSignal): Promise<string[]> {
  const page = await client.models.list({}, { signal });
  return page.data.map((m) => m.id);
}

const options = (c: Connection, s?: Partial<AnthropicOptions>): AnthropicOptions => ({ ...s, apiKey: c.apiKey, baseURL: c.baseUrl, fetch: c.fetch });

export const anthropicVendor: Vendor<'anthropic'> = {
  writer: ({ settings, connection }) => createAnthropicWriter(options(connection, { textModel: settings.textModel, thinkingBudget: settings.thinkingBudget })),
  probe: async (c, signal) => modelCount(await listAnthropicModels(createAnthropicClient(options(c)), signal)),
};
