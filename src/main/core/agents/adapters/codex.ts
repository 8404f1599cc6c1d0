import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';
import { arr, firstLine, num, obj, parseJsonLine, str } from './jsonLine';

/**
 * OpenAI Codex CLI, headless: `codex exec --json` prints one JSON object per line: `thread.started`
 * (the thread id, which `codex exec resume <id>` continues), `turn.started`, `item.started/updated/
 * completed` for each item (agent_message, reasoning, command_execution, file_change, mcp_tool_call,
 * web_search, todo_list, error), then `turn.completed` with the turn's token usage or `turn.failed`,
 * and `error` for transport trouble ("Reconnecting... 1/5" while it retries). Codex reports tokens but
 * no price, so no cost is ever given. Its usage is the THREAD's running total (a resumed thread's
 * `turn.completed` counts the earlier runs too, measured against 0.171.0), hence `cumulative: true`.
 * Recorded from 0.171.0 (fixtures/codex-0.171.0*.jsonl).
 */

export const codexAdapter: AgentAdapter = {
  id: 'codex',
  command: 'codex',
  recordedVersion: '0.171.0',
  headlessArgs(start: HeadlessStart): string[] {
    // workspace-write: edits and commands, with the OS sandbox confining writes to the worktree.
    const sandbox = start.readOnly ? 'read-only' : 'workspace-write';
    if (start.resumeSessionId) {
      // `exec resume` takes no --sandbox flag; the same setting goes through -c.
      return ['exec', 'resume', '--json', '-c', `sandbox_mode="${sandbox}"`, '--', start.resumeSessionId, start.prompt];
    }
    return ['exec', '--json', '--sandbox', sandbox, '--', start.prompt];
  },
  parseLine(line: string): AgentEvent[] {
    return parseJsonLine(line, parseObject);
  },
};

/** What Codex says when the provider answered 429 (its own message text; there is no structured code). */
const RATE_LIMITED = /\b429\b|rate limit/i;

function parseObject(event: Record<string, unknown>): AgentEvent[] {
  switch (event.type) {
    case 'thread.started': {
      const sessionId = str(event.thread_id);
      return sessionId ? [{ kind: 'session', sessionId }] : [{ kind: 'unknown', raw: event }];
    }
    case 'turn.started':
      return [];
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return parseItem(event.type, obj(event.item), event);
    case 'turn.completed': {
      const usage = tokenUsage(obj(event.usage));
      return [...(usage ? [{ kind: 'usage' as const, usage, cumulative: true }] : []), { kind: 'done', ok: true, ...(usage ? { total: usage } : {}) }];
    }
    case 'turn.failed': {
      const message = str(obj(event.error)?.message) ?? 'the turn failed';
      const usage = tokenUsage(obj(event.usage));
      return [
        ...(usage ? [{ kind: 'usage' as const, usage, cumulative: true }] : []),
        RATE_LIMITED.test(message) ? { kind: 'rateLimit', message } : { kind: 'error', message },
        { kind: 'done', ok: false, result: message },
      ];
    }
    case 'error': {
      const message = str(event.message) ?? 'error';
      const retrying = /^Reconnecting\b/.test(message);
      if (RATE_LIMITED.test(message)) return [{ kind: 'rateLimit', message, ...(retrying ? { retrying: true } : {}) }];
      // A reconnect for another reason is the CLI retrying on its own: a notice, not a failure.
      return retrying ? [{ kind: 'unknown', raw: event }] : [{ kind: 'error', message }];
    }
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

function parseItem(phase: string, item: Record<string, unknown> | undefined, event: Record<string, unknown>): AgentEvent[] {
  if (!item) return [{ kind: 'unknown', raw: event }];
  const id = str(item.id);
  const withId = id ? { id } : {};
  const started = phase === 'item.started';
  const completed = phase === 'item.completed';
  switch (item.type) {
    case 'agent_message': {
      const text = str(item.text);
      return completed && text ? [{ kind: 'message', text }] : [];
    }
    case 'reasoning': {
      const text = str(item.text);
      return completed && text ? [{ kind: 'thinking', text }] : [];
    }
    case 'command_execution': {
      const command = str(item.command);
      if (started) return [{ kind: 'toolCall', ...withId, tool: 'shell', ...(command ? { target: command } : {}) }];
      if (!completed) return [];
      const exit = num(item.exit_code);
      const summary = firstLine(str(item.aggregated_output) ?? '') ?? (exit !== undefined ? `exit ${exit}` : undefined);
      return [{ kind: 'toolResult', ...withId, ok: item.status === 'completed' && (exit === undefined || exit === 0), ...(summary ? { summary } : {}) }];
    }
    case 'file_change': {
      const changes = arr(item.changes).map(obj).filter((c): c is Record<string, unknown> => c !== undefined);
      if (started) {
        const paths = changes.map((c) => str(c.path)).filter(Boolean).join(', ');
        return [{ kind: 'toolCall', ...withId, tool: 'apply_patch', ...(paths ? { target: paths } : {}) }];
      }
      if (!completed) return [];
      const ok = item.status === 'completed';
      const events: AgentEvent[] = [];
      if (ok) {
        for (const change of changes) {
          const path = str(change.path);
          if (path) events.push({ kind: 'fileChange', path, change: change.kind === 'add' ? 'add' : change.kind === 'delete' ? 'delete' : 'modify' });
        }
      }
      events.push({ kind: 'toolResult', ...withId, ok, summary: ok ? `${changes.length} file(s) changed` : 'patch failed' });
      return events;
    }
    case 'mcp_tool_call': {
      const tool = [str(item.server), str(item.tool)].filter(Boolean).join('.') || 'mcp';
      if (started) return [{ kind: 'toolCall', ...withId, tool }];
      if (!completed) return [];
      const error = str(obj(item.error)?.message);
      return [{ kind: 'toolResult', ...withId, ok: item.status === 'completed', ...(error ? { summary: firstLine(error) } : {}) }];
    }
    case 'web_search': {
      const query = str(item.query);
      if (started) return [{ kind: 'toolCall', ...withId, tool: 'web_search', ...(query ? { target: query } : {}) }];
      return completed ? [{ kind: 'toolResult', ...withId, ok: true }] : [];
    }
    case 'error': {
      const message = str(item.message);
      return message ? [{ kind: 'error', message }] : [{ kind: 'unknown', raw: event }];
    }
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

/**
 * Codex's usage: `input_tokens` INCLUDES the cached ones (OpenAI's convention), so the normalized
 * `input` is the uncached part and `cacheRead` the cached part, as for every other CLI.
 */
function tokenUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cached = num(usage.cached_input_tokens) ?? 0;
  const cacheWrite = num(usage.cache_write_input_tokens);
  const reasoning = num(usage.reasoning_output_tokens);
  return {
    input: Math.max(0, input - cached),
    output,
    cacheRead: cached,
    ...(cacheWrite ? { cacheWrite } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
}
