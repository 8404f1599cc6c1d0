import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';
import { firstLine, num, obj, parseJsonLine, str } from './jsonLine';
import { RATE_LIMIT_TEXT, toolTarget } from './toolTarget';

/**
 * Gemini CLI, headless: `gemini --output-format stream-json --prompt=<text>` prints one JSON object per
 * line: `init` (session id, model), `message` (the user's prompt echoed, then the assistant's words in
 * `delta` pieces), `tool_use` (name, id, parameters), `tool_result` (id, status, error), `error`
 * (severity warning or error: retries, loop detection, quota) and a final `result` whose `stats` are
 * this process's token totals (`input_tokens` counts cached ones too; `input` is the uncached part;
 * `cached`). Gemini CLI prices nothing, so no cost is ever given. A failure ends in `result` with
 * `status: "error"` and `error.message` (a 429 says RESOURCE_EXHAUSTED / quota).
 *
 * No `fileChange` is emitted: the path is on `tool_use` and the outcome on `tool_result` (by id only),
 * and `parseLine` sees one line at a time; the worktree's diff is the authority on changed files.
 * `stats` count THIS process only (a `--resume` run starts again from zero, measured on 0.61.0), so they
 * are one `usage` delta and `done` carries no session `total`.
 * Recorded from 0.61.0 (fixtures/gemini-0.61.0*.jsonl).
 */

/** Gemini CLI's argument names for what a tool acts on (write_file, replace, read_file, run_shell_command, ...). */
const TARGET_FIELDS = ['file_path', 'absolute_path', 'dir_path', 'path', 'command', 'pattern', 'url', 'query'] as const;

export const geminiAdapter: AgentAdapter = {
  id: 'gemini',
  command: 'gemini',
  recordedVersion: '0.61.0',
  headlessArgs(start: HeadlessStart): string[] {
    return [
      '--output-format',
      'stream-json',
      // A worktree is a folder Gemini was never told to trust; untrusted, it exits 55.
      '--skip-trust',
      // auto_edit: edits approved, shell commands refused in headless mode; plan: read only (0.61 has it).
      '--approval-mode',
      start.readOnly ? 'plan' : 'auto_edit',
      // A new session can carry the id Wavelane chose (a UUID), so it is known before the first line.
      ...(start.resumeSessionId ? ['--resume', start.resumeSessionId] : start.newSessionId ? ['--session-id', start.newSessionId] : []),
      // Glued to its option: yargs would read a separate "-..." prompt as an option, and text after
      // `--` is not taken as the prompt.
      `--prompt=${start.prompt}`,
    ];
  },
  parseLine(line: string): AgentEvent[] {
    return parseJsonLine(line, parseObject);
  },
};

function parseObject(event: Record<string, unknown>): AgentEvent[] {
  switch (event.type) {
    case 'init': {
      const sessionId = str(event.session_id);
      const model = str(event.model);
      return sessionId ? [{ kind: 'session', sessionId, ...(model ? { model } : {}) }] : [{ kind: 'unknown', raw: event }];
    }
    case 'message': {
      // The prompt comes back as a `user` message: already known, not shown twice.
      if (event.role === 'user') return [];
      const text = str(event.content);
      if (event.role !== 'assistant' || text === undefined) return [{ kind: 'unknown', raw: event }];
      return text ? [{ kind: 'message', text }] : [];
    }
    case 'tool_use': {
      const id = str(event.tool_id);
      const target = toolTarget(obj(event.parameters), TARGET_FIELDS);
      return [{ kind: 'toolCall', ...(id ? { id } : {}), tool: str(event.tool_name) ?? 'tool', ...(target ? { target } : {}) }];
    }
    case 'tool_result': {
      const id = str(event.tool_id);
      const ok = event.status === 'success';
      const error = obj(event.error);
      const summary = firstLine(str(error?.message) ?? str(event.output) ?? '');
      const events: AgentEvent[] = [{ kind: 'toolResult', ...(id ? { id } : {}), ok, ...(summary ? { summary } : {}) }];
      // Plan mode (or a policy) refused the tool: in headless mode nobody can approve it.
      if (error?.type === 'policy_violation') events.push({ kind: 'needsInput', permission: summary ?? 'a tool call was denied by policy' });
      return events;
    }
    case 'error': {
      const message = str(event.message) ?? 'error';
      if (RATE_LIMIT_TEXT.test(message)) return [{ kind: 'rateLimit', message, ...(event.severity === 'warning' ? { retrying: true } : {}) }];
      return event.severity === 'warning' ? [{ kind: 'text', text: `warning: ${message}` }] : [{ kind: 'error', message }];
    }
    case 'result':
      return parseResult(event);
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

function parseResult(event: Record<string, unknown>): AgentEvent[] {
  const total = tokenUsage(obj(event.stats));
  const events: AgentEvent[] = total ? [{ kind: 'usage', usage: total }] : [];
  if (event.status === 'success') {
    events.push({ kind: 'done', ok: true });
    return events;
  }
  const message = str(obj(event.error)?.message) ?? `the run ended with status ${String(event.status)}`;
  events.push(RATE_LIMIT_TEXT.test(message) ? { kind: 'rateLimit', message } : { kind: 'error', message });
  events.push({ kind: 'done', ok: false, result: message });
  return events;
}

/** `stats`: input_tokens counts the cached tokens too; `input` is the uncached part (older builds lack it). */
function tokenUsage(stats: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (!stats) return undefined;
  const prompt = num(stats.input_tokens);
  const output = num(stats.output_tokens);
  if (prompt === undefined || output === undefined) return undefined;
  const cached = num(stats.cached) ?? 0;
  return { input: num(stats.input) ?? Math.max(0, prompt - cached), output, cacheRead: cached };
}
