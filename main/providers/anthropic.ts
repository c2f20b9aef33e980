import Anthropic from '@anthropic-ai/sdk';
import { KoruError } from '../../contract/errors';
import { PROVIDERS } from '../../contract/providers';
import { ProviderError } from './errors';
import type { ChatMessage, TextWriter, ToolCall, ToolChat, ToolMessage } from './types';
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

/** The one Messages API call for text (tool use streams: `createAnthropicToolChat`). */
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

/** Tool messages → Claude's turns: an assistant's calls are `tool_use` blocks, their results
 *  `tool_result` blocks of the next user turn; turns of the same role are merged, as Claude wants
 *  them alternating. */
export function toClaudeToolMessages(messages: ToolMessage[]): { system?: string; messages: Anthropic.MessageParam[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const turns: Array<{ role: 'user' | 'assistant'; content: Anthropic.ContentBlockParam[] }> = [];
  const add = (role: 'user' | 'assistant', blocks: Anthropic.ContentBlockParam[]) => {
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') add('user', [{ type: 'tool_result', tool_use_id: m.callId, content: m.content }]);
    else if (m.role === 'assistant') {
      add('assistant', [
        ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
        ...(m.toolCalls ?? []).map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: parseInput(c.arguments) })),
      ]);
    } else add('user', [{ type: 'text', text: m.content }]);
  }
  return { ...(system ? { system } : {}), messages: turns.filter((t) => t.content.length > 0) };
}

/** A call's arguments as Claude wants them back: an object (what did not parse goes back empty;
 *  the tool's result already told the model why). */
function parseInput(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Messages with `tools`, streamed: `text_delta`s go to `onText` as they come; each `tool_use`
 * block is put together from its `input_json_delta` pieces. No extended thinking here: a
 * conversation wants its first sentence soon, and thinking blocks would have to be sent back
 * with every tool result.
 */
export function createAnthropicToolChat(o: AnthropicOptions, client = createAnthropicClient(o)): ToolChat {
  return {
    provider: 'anthropic',
    async turn({ messages, tools, model, onText, signal }) {
      const { system, messages: turns } = toClaudeToolMessages(messages);
      if (turns[0]?.role !== 'user') throw new KoruError('BAD_INPUT', 'Claude needs the conversation to start with a user message');
      const stream = await client.messages.create(
        {
          model: model ?? o.textModel ?? DEFAULTS.textModel.default,
          max_tokens: ANSWER_TOKENS,
          messages: turns,
          ...(system ? { system } : {}),
          ...(tools.length ? { tools: tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as Anthropic.Tool.InputSchema })) } : {}),
          stream: true,
        },
        { signal },
      );
      let text = '';
      const calls = new Map<number, ToolCall>();
      for await (const event of stream) {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
          calls.set(event.index, { id: event.content_block.id, name: event.content_block.name, arguments: '' });
        } else if (event.type === 'content_block_delta') {
          if (event.delta.type === 'text_delta') {
            text += event.delta.text;
            onText?.(event.delta.text);
          } else if (event.delta.type === 'input_json_delta') {
            const call = calls.get(event.index);
            if (call) call.arguments += event.delta.partial_json;
          }
        }
      }
      // A call without arguments streams no delta at all: its input is the empty object.
      return { text, toolCalls: [...calls.values()].map((c) => ({ ...c, arguments: c.arguments || '{}' })) };
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
  toolChat: ({ settings, connection }) => createAnthropicToolChat(options(connection, { textModel: settings.textModel })),
  probe: async (c, signal) => modelCount(await listAnthropicModels(createAnthropicClient(options(c)), signal)),
};
