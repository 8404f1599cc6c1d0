import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startSse } from './server';
import type { ProtocolContext, ScriptedToolCall, ScriptedTurn, ScriptedUsage } from './script';
import { nextId, pickTool, textOf } from './toolNames';

/**
 * The OpenAI Responses API as Codex uses it (a model provider with `wire_api = "responses"`): POST
 * {base}/responses, streamed as SSE: response.created, then per output item response.output_item.added,
 * text deltas, response.output_item.done, and response.completed with the usage. File writes go through
 * Codex's own `apply_patch` tool (an "Add File" patch), commands through its shell tool.
 */

export const name = 'openai-responses';

export function matches(method: string, path: string): boolean {
  return method === 'POST' && /\/responses$/.test(path);
}

/** Codex's tools for the generic calls, in order of preference (recorded from 0.171.0's request). */
const TOOLS: Record<ScriptedToolCall['tool'], readonly string[]> = {
  writeFile: ['apply_patch'],
  shell: ['exec_command', 'shell_command', 'shell'],
};

interface ResponsesTool {
  type?: string;
  name?: string;
}

interface ResponsesBody {
  model?: string;
  stream?: boolean;
  tools?: ResponsesTool[];
  input?: { type?: string; role?: string; content?: unknown }[];
}

type OutputItem = Record<string, unknown> & { type: string };

export function handle(_req: IncomingMessage, body: unknown, res: ServerResponse, ctx: ProtocolContext): void {
  const request = (body ?? {}) as ResponsesBody;
  const tools = request.tools ?? [];
  const declared = tools.map((t) => t.name ?? t.type ?? '').filter(Boolean);
  ctx.record({ declaredTools: declared });
  const turn = (declared.length > 0 ? ctx.nextTurn(userText(request)) : undefined) ?? ctx.fallback;
  ctx.record({ answered: turn.kind });
  if (turn.kind === 'rateLimit') {
    const seconds = turn.retryAfterSeconds ?? 1;
    sendJson(
      res,
      429,
      {
        error: {
          type: 'requests',
          code: 'rate_limit_exceeded',
          message: `Rate limit reached for requests. Please try again in ${seconds}s. Scripted by the test model server.`,
        },
      },
      {
        'retry-after': String(seconds),
        'x-ratelimit-limit-requests': '50',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${seconds}s`,
        'x-request-id': nextId('req_'),
      },
    );
    return;
  }
  if (turn.kind === 'error') {
    sendJson(res, turn.status ?? 500, { error: { type: 'server_error', code: 'server_error', message: turn.message ?? 'Scripted error from the test model server.' } });
    return;
  }
  const items = outputItems(turn, tools);
  const usage = responsesUsage(turn.usage);
  const model = request.model ?? 'gpt-5-codex';
  const response = { id: nextId('resp_'), object: 'response', created_at: Math.floor(Date.now() / 1000), model, status: 'in_progress', output: [] as OutputItem[] };
  if (request.stream === false) {
    sendJson(res, 200, { ...response, status: 'completed', output: items, usage });
    return;
  }
  const sse = startSse(res);
  let sequence = 0;
  const send = (type: string, data: Record<string, unknown>): void => sse.send(type, { type, sequence_number: sequence++, ...data });
  send('response.created', { response });
  items.forEach((item, index) => {
    if (item.type === 'message') {
      send('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } });
      const text = ((item.content as { text: string }[])[0] ?? { text: '' }).text;
      send('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      send('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta: text });
      send('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text });
      send('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
    } else {
      send('response.output_item.added', { output_index: index, item });
    }
    send('response.output_item.done', { output_index: index, item });
  });
  send('response.completed', { response: { ...response, status: 'completed', output: items, usage } });
  sse.end();
}

function outputItems(turn: Extract<ScriptedTurn, { kind: 'text' | 'toolCalls' }>, tools: readonly ResponsesTool[]): OutputItem[] {
  const message = (text: string): OutputItem => ({
    type: 'message',
    id: nextId('msg_'),
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  });
  if (turn.kind === 'text') return [message(turn.text)];
  const items: OutputItem[] = turn.text ? [message(turn.text)] : [];
  const declared = tools.map((t) => t.name ?? '');
  for (const call of turn.calls) {
    const toolName = pickTool(call, declared, TOOLS);
    const tool = tools.find((t) => t.name === toolName);
    if (!toolName || !tool) {
      items.push(message(`(model server: the CLI declared no tool for ${call.tool}; it declared ${declared.join(', ')})`));
      continue;
    }
    const callId = nextId('call_');
    if (call.tool === 'writeFile') {
      const patch = addFilePatch(call.path, call.content);
      items.push(
        tool.type === 'custom'
          ? { type: 'custom_tool_call', id: nextId('ctc_'), call_id: callId, name: toolName, input: patch, status: 'completed' }
          : { type: 'function_call', id: nextId('fc_'), call_id: callId, name: toolName, arguments: JSON.stringify({ input: patch }), status: 'completed' },
      );
    } else {
      const args = toolName === 'shell' ? { command: ['bash', '-lc', call.command] } : toolName === 'exec_command' ? { cmd: call.command } : { command: call.command };
      items.push({ type: 'function_call', id: nextId('fc_'), call_id: callId, name: toolName, arguments: JSON.stringify(args), status: 'completed' });
    }
  }
  return items;
}

/** An apply_patch "Add File" hunk: every content line prefixed with `+`. */
function addFilePatch(path: string, content: string): string {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  return ['*** Begin Patch', `*** Add File: ${path}`, ...lines.map((l) => `+${l}`), '*** End Patch', ''].join('\n');
}

function responsesUsage(usage: ScriptedUsage | undefined): Record<string, unknown> {
  const cached = usage?.cacheRead ?? 0;
  // Responses counts cached tokens INSIDE input_tokens; the script's `input` is the uncached part.
  const input = (usage?.input ?? 0) + cached;
  const output = usage?.output ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** All user text of the request (input_text parts of user messages), where the task's marker is. */
function userText(request: ResponsesBody): string {
  return (request.input ?? [])
    .filter((item) => item.role === 'user')
    .map((item) => textOf(item.content))
    .join('\n');
}
