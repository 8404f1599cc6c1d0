import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startSse } from './server';
import type { ProtocolContext, ScriptedToolCall, ScriptedTurn, ScriptedUsage } from './script';
import { nextId, pickTool, textOf } from './toolNames';

/**
 * OpenAI Chat Completions, as opencode (a provider on its bundled `@ai-sdk/openai-compatible`) and Qwen
 * Code (OPENAI_BASE_URL, auth type `openai`) use it: POST {base}/chat/completions, streamed as SSE
 * `chat.completion.chunk`s (a text delta, then `tool_calls` deltas: the id and name first, the JSON
 * arguments after, then the finish reason), closed by a usage chunk with empty `choices` (what
 * `stream_options.include_usage` asks for; sent always, as several providers do) and `data: [DONE]`;
 * a `chat.completion` object when `stream` is false; GET {base}/models lists one model.
 * Recorded against opencode 1.18.33 and Qwen Code 0.24.4.
 */

export const name = 'openai-chat';

export function matches(method: string, path: string): boolean {
  return (method === 'POST' && /\/chat\/completions$/.test(path)) || (method === 'GET' && /\/v1\/models$/.test(path));
}

/**
 * Each CLI's tools for the generic calls: opencode's write{filePath,content} and bash{command,description},
 * Qwen Code's write_file{file_path,content} and run_shell_command{command} (from their requests).
 */
const TOOLS: Record<ScriptedToolCall['tool'], readonly string[]> = { writeFile: ['write', 'write_file'], shell: ['bash', 'run_shell_command'] };

/** The model id the list offers; CLIs are configured with it. */
export const SCRIPTED_MODEL = 'wavelane-scripted';

interface ChatBody {
  model?: string;
  stream?: boolean;
  tools?: { type?: string; function?: { name?: string } }[];
  messages?: { role?: string; content?: unknown }[];
}

export function handle(req: IncomingMessage, body: unknown, res: ServerResponse, ctx: ProtocolContext): void {
  if (req.method === 'GET') {
    ctx.record({ answered: 'models' });
    sendJson(res, 200, { object: 'list', data: [{ id: SCRIPTED_MODEL, object: 'model', created: 0, owned_by: 'wavelane-test' }] });
    return;
  }
  const request = (body ?? {}) as ChatBody;
  const declared = (request.tools ?? []).map((t) => t.function?.name ?? '').filter(Boolean);
  ctx.record({ declaredTools: declared });
  const turn = (declared.length > 0 ? ctx.nextTurn(userText(request)) : undefined) ?? ctx.fallback;
  ctx.record({ answered: turn.kind });
  if (turn.kind === 'rateLimit') {
    const seconds = turn.retryAfterSeconds ?? 1;
    sendJson(
      res,
      429,
      { error: { message: `Rate limit reached for requests. Please try again in ${seconds}s. Scripted by the test model server.`, type: 'requests', code: 'rate_limit_exceeded' } },
      { 'retry-after': String(seconds), 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${seconds}s` },
    );
    return;
  }
  if (turn.kind === 'error') {
    sendJson(res, turn.status ?? 500, { error: { message: turn.message ?? 'Scripted error from the test model server.', type: 'server_error', code: 'server_error' } });
    return;
  }
  const model = request.model ?? SCRIPTED_MODEL;
  const id = nextId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const calls = toolCalls(turn, declared);
  const text = turn.kind === 'text' ? turn.text : (turn.text ?? calls.notes.join('\n'));
  const usage = chatUsage(turn.usage);
  const finishReason = calls.list.length > 0 ? 'tool_calls' : 'stop';
  if (request.stream !== true) {
    const message = { role: 'assistant', content: text || null, ...(calls.list.length > 0 ? { tool_calls: calls.list } : {}) };
    sendJson(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finishReason }], usage });
    return;
  }
  const sse = startSse(res);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void =>
    sse.send(undefined, { id, object: 'chat.completion.chunk', created, model, choices, ...extra });
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  if (text) chunk([{ index: 0, delta: { content: text }, finish_reason: null }]);
  calls.list.forEach((call, index) => {
    chunk([{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }]);
    chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, finish_reason: null }]);
  });
  chunk([{ index: 0, delta: {}, finish_reason: finishReason }]);
  chunk([], { usage });
  sse.send(undefined, '[DONE]');
  sse.end();
}

interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

function toolCalls(turn: Extract<ScriptedTurn, { kind: 'text' | 'toolCalls' }>, declared: readonly string[]): { list: ChatToolCall[]; notes: string[] } {
  const list: ChatToolCall[] = [];
  const notes: string[] = [];
  if (turn.kind === 'text') return { list, notes };
  for (const call of turn.calls) {
    const toolName = pickTool(call, declared, TOOLS);
    if (!toolName) {
      notes.push(`(model server: the CLI declared no tool for ${call.tool}; it declared ${declared.join(', ')})`);
      continue;
    }
    const args =
      call.tool === 'writeFile'
        ? toolName === 'write'
          ? { filePath: call.path, content: call.content }
          : { file_path: call.path, content: call.content }
        : { command: call.command, description: 'scripted command' };
    list.push({ id: nextId('call_'), type: 'function', function: { name: toolName, arguments: JSON.stringify(args) } });
  }
  return { list, notes };
}

/** OpenAI counts cached tokens INSIDE prompt_tokens; the script's `input` is the uncached part. */
function chatUsage(usage: ScriptedUsage | undefined): Record<string, unknown> {
  const cached = usage?.cacheRead ?? 0;
  const prompt = (usage?.input ?? 0) + cached;
  const output = usage?.output ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** All user text of the request, where the task's marker is. */
function userText(request: ChatBody): string {
  return (request.messages ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => textOf(m.content))
    .join('\n');
}
