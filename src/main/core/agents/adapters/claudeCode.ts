import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';
import { arr, firstLine, num, obj, parseJsonLine, str } from './jsonLine';

/**
 * Claude Code, headless: `claude -p --output-format stream-json --verbose` prints one JSON object per
 * line: `system/init` (session id, model), `assistant` messages (text, thinking, tool_use blocks), `user`
 * messages carrying tool results, `system/api_retry` while it retries a failed request itself,
 * `system/permission_denied` when print mode refuses a tool the permission mode does not allow,
 * `rate_limit_event` (subscription limits), and a final `result` with the session's cost and usage.
 * Recorded from 2.1.332 (fixtures/claude-code-2.1.332*.jsonl).
 *
 * Usage is taken from `result` only: the usage on streamed `assistant` lines is the message's start
 * (output_tokens 1) and repeats for every content block, so it is not a count (the CLI's own schema says
 * "message.usage is not final").
 */

/** The input fields that name what a tool acts on, in the order Claude Code's tools use them. */
const TARGET_FIELDS = ['file_path', 'notebook_path', 'command', 'path', 'pattern', 'url', 'query', 'description'] as const;

export const claudeCodeAdapter: AgentAdapter = {
  id: 'claude-code',
  command: 'claude',
  recordedVersion: '2.1.332',
  headlessArgs(start: HeadlessStart): string[] {
    return [
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      // acceptEdits: edits in the worktree are approved, other commands refused in print mode; plan: read only.
      '--permission-mode',
      start.readOnly ? 'plan' : 'acceptEdits',
      ...(start.resumeSessionId ? ['--resume', start.resumeSessionId] : start.newSessionId ? ['--session-id', start.newSessionId] : []),
      ...(start.budgetUsd !== undefined ? ['--max-budget-usd', String(start.budgetUsd)] : []),
      '--',
      start.prompt,
    ];
  },
  parseLine(line: string): AgentEvent[] {
    return parseJsonLine(line, parseObject);
  },
};

function parseObject(event: Record<string, unknown>): AgentEvent[] {
  switch (event.type) {
    case 'system':
      return parseSystem(event);
    case 'assistant':
      return parseAssistant(event);
    case 'user':
      return parseUser(event);
    case 'result':
      return parseResult(event);
    case 'rate_limit_event':
      return parseRateLimit(event);
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

function parseSystem(event: Record<string, unknown>): AgentEvent[] {
  if (event.subtype === 'init') {
    const sessionId = str(event.session_id);
    if (!sessionId) return [{ kind: 'unknown', raw: event }];
    const model = str(event.model);
    return [{ kind: 'session', sessionId, ...(model ? { model } : {}) }];
  }
  if (event.subtype === 'api_retry' && (event.error_status === 429 || event.error === 'rate_limit')) {
    const delay = num(event.retry_delay_ms);
    const attempt = num(event.attempt);
    const max = num(event.max_retries);
    const when = delay !== undefined ? ` in ${(delay / 1000).toFixed(1)}s` : '';
    const of = attempt !== undefined ? ` (attempt ${attempt}${max !== undefined ? `/${max}` : ''})` : '';
    return [{ kind: 'rateLimit', retrying: true, message: `rate limited (429); Claude Code retries${when}${of}` }];
  }
  if (event.subtype === 'permission_denied') {
    // Print mode refuses what the permission mode does not allow (it cannot ask); the model is told so.
    const tool = str(event.tool_name) ?? 'tool';
    const reason = str(event.message) ?? str(event.decision_reason);
    return [{ kind: 'needsInput', permission: tool, ...(reason ? { question: reason } : {}) }];
  }
  return [{ kind: 'unknown', raw: event }];
}

function parseAssistant(event: Record<string, unknown>): AgentEvent[] {
  const message = obj(event.message);
  const blocks = arr(message?.content);
  const apiError = str(event.error);
  if (event.is_api_error_message === true || (apiError !== undefined && message?.model === '<synthetic>')) {
    const text = blocks.map((b) => str(obj(b)?.text) ?? '').join('\n').trim() || `API error: ${apiError ?? 'unknown'}`;
    return [apiError === 'rate_limit' || event.api_error_status === 429 ? { kind: 'rateLimit', message: text } : { kind: 'error', message: text }];
  }
  const events: AgentEvent[] = [];
  for (const raw of blocks) {
    const block = obj(raw);
    if (!block) continue;
    if (block.type === 'text') {
      const text = str(block.text);
      if (text) events.push({ kind: 'message', text });
    } else if (block.type === 'thinking') {
      const text = str(block.thinking);
      if (text) events.push({ kind: 'thinking', text });
    } else if (block.type === 'tool_use') {
      const id = str(block.id);
      const target = toolTarget(obj(block.input));
      events.push({ kind: 'toolCall', ...(id ? { id } : {}), tool: str(block.name) ?? 'tool', ...(target ? { target } : {}) });
    } else {
      events.push({ kind: 'unknown', raw: block });
    }
  }
  return events;
}

function parseUser(event: Record<string, unknown>): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const raw of arr(obj(event.message)?.content)) {
    const block = obj(raw);
    if (block?.type !== 'tool_result') continue;
    const id = str(block.tool_use_id);
    const summary = firstLine(resultText(block.content));
    events.push({ kind: 'toolResult', ...(id ? { id } : {}), ok: block.is_error !== true, ...(summary ? { summary } : {}) });
  }
  // The Write/Edit tools report what they did to the file beside the result.
  const result = obj(event.tool_use_result);
  const filePath = str(result?.filePath);
  if (filePath && (result?.type === 'create' || result?.type === 'update')) {
    events.push({ kind: 'fileChange', path: filePath, change: result.type === 'create' ? 'add' : 'modify' });
  }
  return events;
}

/**
 * `total_cost_usd` and `modelUsage` carry the whole session (earlier `--resume`d runs included), while
 * `model_usage_since_last_result` is this run's share per model, with its cost: that is the delta.
 * `usage` is this run's too, but is all zeros when the run stopped at its budget, so it is only the
 * fallback for a CLI that does not send the per-model figures.
 */
function parseResult(event: Record<string, unknown>): AgentEvent[] {
  const events: AgentEvent[] = [];
  const totalCost = num(event.total_cost_usd);
  const sinceLast = obj(event.model_usage_since_last_result);
  const usage = sumModelUsage(sinceLast) ?? tokenUsage(obj(event.usage));
  const cost = sinceLast ? sumModelCost(sinceLast) : totalCost;
  if (usage) events.push({ kind: 'usage', usage, ...(cost !== undefined ? { costUsd: cost } : {}) });
  const total = sumModelUsage(obj(event.modelUsage)) ?? usage;
  const denials: string[] = [];
  for (const raw of arr(event.permission_denials)) {
    const denial = obj(raw);
    const tool = str(denial?.tool_name) ?? 'tool';
    const target = toolTarget(obj(denial?.tool_input));
    // Each was already reported as it happened (system/permission_denied); here they are the summary.
    denials.push(target ? `${tool} ${target}` : tool);
  }
  const ok = event.is_error !== true && event.subtype === 'success';
  const result = str(event.result);
  if (!ok && event.subtype !== 'success' && typeof event.subtype === 'string') {
    // error_max_budget_usd, error_max_turns, error_during_execution: `errors` says it in words.
    const detail = arr(event.errors).map(str).filter(Boolean).join('; ') || result;
    events.push({ kind: 'error', message: `${event.subtype}${detail ? `: ${detail}` : ''}` });
  }
  const numTurns = num(event.num_turns);
  events.push({
    kind: 'done',
    ok,
    ...(result !== undefined ? { result } : {}),
    ...(total ? { total } : {}),
    ...(totalCost !== undefined ? { totalCostUsd: totalCost } : {}),
    ...(numTurns !== undefined ? { numTurns } : {}),
    permissionDenials: denials,
  });
  return events;
}

function parseRateLimit(event: Record<string, unknown>): AgentEvent[] {
  const info = obj(event.rate_limit_info);
  if (info?.status !== 'rejected') return [{ kind: 'unknown', raw: event }];
  const resetsAtSeconds = num(info.resetsAt);
  const type = str(info.rateLimitType);
  return [
    {
      kind: 'rateLimit',
      ...(resetsAtSeconds !== undefined ? { resetsAt: resetsAtSeconds * 1000 } : {}),
      message: `rate limit reached${type ? ` (${type})` : ''}`,
    },
  ];
}

function tokenUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = num(usage.cache_read_input_tokens);
  const cacheWrite = num(usage.cache_creation_input_tokens);
  return {
    input,
    output,
    ...(cacheRead !== undefined ? { cacheRead } : {}),
    ...(cacheWrite !== undefined ? { cacheWrite } : {}),
  };
}

/** `modelUsage` / `model_usage_since_last_result`: per model `{inputTokens, outputTokens, cache..., costUSD}`. */
function sumModelUsage(perModel: Record<string, unknown> | undefined): TokenUsage | undefined {
  const models = Object.values(perModel ?? {}).map(obj).filter((m): m is Record<string, unknown> => m !== undefined);
  if (models.length === 0) return undefined;
  const total = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const model of models) {
    total.input += num(model.inputTokens) ?? 0;
    total.output += num(model.outputTokens) ?? 0;
    total.cacheRead += num(model.cacheReadInputTokens) ?? 0;
    total.cacheWrite += num(model.cacheCreationInputTokens) ?? 0;
  }
  return total;
}

function sumModelCost(perModel: Record<string, unknown>): number | undefined {
  const costs = Object.values(perModel).map((m) => num(obj(m)?.costUSD));
  if (costs.length === 0 || costs.some((c) => c === undefined)) return undefined;
  return costs.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}

function toolTarget(input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  for (const field of TARGET_FIELDS) {
    const value = str(input[field]);
    if (value) return firstLine(value);
  }
  return undefined;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((part) => str(obj(part)?.text) ?? '')
    .join('\n');
}
