import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startSse } from './server';
import type { ProtocolContext, ScriptedToolCall, ScriptedTurn, ScriptedUsage } from './script';
import { nextId, pickTool, textOf } from './toolNames';

/**
 * The Anthropic Messages API as Claude Code uses it (ANTHROPIC_BASE_URL): POST /v1/messages, streamed
 * as SSE (message_start, content_block_start/delta/stop for text and tool_use, message_delta with the
 * usage, message_stop), POST /v1/messages/count_tokens, and a JSON answer when `stream` is false.
 * Only requests that declare tools are the agent's own turns; the others (title or topic generation,
 * quota probes) get the fallback so they never consume a scripted turn.
 */

export const name = 'anthropic';

export function matches(method: string, path: string): boolean {
  return method === 'POST' && /\/v1\/messages(\/count_tokens)?$/.test(path);
}

/** Claude Code's tools for the generic calls (recorded from 2.1.332's request: Write{file_path,content}, Bash{command}). */
const TOOLS: Record<ScriptedToolCall['tool'], readonly string[]> = { writeFile: ['Write'], shell: ['Bash'] };

interface MessagesBody {
  model?: string;
  stream?: boolean;
  tools?: { name?: string }[];
  messages?: { role?: string; content?: unknown }[];
}

export function handle(_req: IncomingMessage, body: unknown, res: ServerResponse, ctx: ProtocolContext): void {
  const request = (body ?? {}) as MessagesBody;
  const path = _req.url ?? '';
  if (path.includes('/count_tokens')) {
    ctx.record({ answered: 'count_tokens' });
    sendJson(res, 200, { input_tokens: Math.max(1, Math.round(JSON.stringify(request.messages ?? []).length / 4)) });
    return;
  }
  const declared = (request.tools ?? []).map((t) => t.name ?? '').filter(Boolean);
  ctx.record({ declaredTools: declared });
  const turn = (declared.length > 0 ? ctx.nextTurn(userText(request)) : undefined) ?? ctx.fallback;
  ctx.record({ answered: turn.kind });
  if (turn.kind === 'rateLimit') {
    const seconds = turn.retryAfterSeconds ?? 1;
    const reset = new Date(Date.now() + seconds * 1000).toISOString();
    sendJson(
      res,
      429,
      { type: 'error', error: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization. Scripted by the test model server.' } },
      {
        'retry-after': String(seconds),
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': reset,
        'anthropic-ratelimit-tokens-reset': reset,
        // The unified limiter's headers, which Claude Code turns into its `rate_limit_event`.
        'anthropic-ratelimit-unified-status': 'rejected',
        'anthropic-ratelimit-unified-reset': String(Math.ceil(Date.now() / 1000) + seconds),
        'anthropic-ratelimit-unified-representative-claim': 'five_hour',
        'anthropic-ratelimit-unified-5h-status': 'rejected',
        'anthropic-ratelimit-unified-5h-reset': String(Math.ceil(Date.now() / 1000) + seconds),
        'anthropic-ratelimit-unified-5h-utilization': '1.0',
        'request-id': nextId('req_'),
      },
    );
    return;
  }
  if (turn.kind === 'error') {
    sendJson(res, turn.status ?? 500, { type: 'error', error: { type: 'api_error', message: turn.message ?? 'Scripted error from the test model server.' } });
    return;
  }
  const content = contentBlocks(turn, declared);
  const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const usage = anthropicUsage(turn.usage);
  const model = request.model ?? 'claude-sonnet-4-5';
  const id = nextId('msg_');
  if (request.stream !== true) {
    sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage });
    return;
  }
  const sse = startSse(res);
  sse.send('message_start', {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      sse.send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      sse.send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      sse.send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      sse.send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    sse.send('content_block_stop', { type: 'content_block_stop', index });
  });
  sse.send('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage });
  sse.send('message_stop', { type: 'message_stop' });
  sse.end();
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentBlocks(turn: Extract<ScriptedTurn, { kind: 'text' | 'toolCalls' }>, declared: readonly string[]): Block[] {
  if (turn.kind === 'text') return [{ type: 'text', text: turn.text }];
  const blocks: Block[] = turn.text ? [{ type: 'text', text: turn.text }] : [];
  for (const call of turn.calls) {
    const tool = pickTool(call, declared, TOOLS);
    if (!tool) {
      blocks.push({ type: 'text', text: `(model server: the CLI declared no tool for ${call.tool}; it declared ${declared.join(', ')})` });
      continue;
    }
    const input = call.tool === 'writeFile' ? { file_path: call.path, content: call.content } : { command: call.command, description: 'Scripted command' };
    blocks.push({ type: 'tool_use', id: nextId('toolu_'), name: tool, input });
  }
  return blocks;
}

function anthropicUsage(usage: ScriptedUsage | undefined): Record<string, number> {
  return {
    input_tokens: usage?.input ?? 0,
    cache_creation_input_tokens: usage?.cacheWrite ?? 0,
    cache_read_input_tokens: usage?.cacheRead ?? 0,
    output_tokens: usage?.output ?? 0,
  };
}

/** All user text of the conversation (string content and text blocks): where the task's marker is. */
function userText(request: MessagesBody): string {
  return (request.messages ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => textOf(m.content))
    .join('\n');
}
