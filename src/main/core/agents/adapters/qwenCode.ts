import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';
import { arr, firstLine, num, obj, parseJsonLine, str } from './jsonLine';
import { RATE_LIMIT_TEXT, toolTarget } from './toolTarget';

/**
 * Qwen Code, headless: `qwen --output-format stream-json --prompt=<text>` prints one JSON object per line,
 * in the shape of Claude Code's stream-json: `system/init` (session id, model, tools), `assistant`
 * messages (text, thinking, tool_use blocks), `user` messages carrying `tool_result` blocks,
 * `stream_event` (partial messages and goal-state notices) and a final `result` with the run's `usage`
 * (`input_tokens` counts cached tokens too, as OpenAI's prompt_tokens do), `num_turns`,
 * `permission_denials`, `is_error`. Qwen Code prices nothing, so no cost is ever given.
 *
 * Usage comes from `result` alone, as the SESSION's running total (`cumulative`): a `--resume` run
 * starts from the earlier runs' total, and the total also counts Qwen's own background calls (its
 * managed auto-memory extraction after a run, which no `assistant` line shows; measured on 0.24.4: it
 * lands in the NEXT run's total). The per-response usage on `assistant` lines would miss those.
 * Recorded from 0.24.4 (fixtures/qwen-code-0.24.4*.jsonl).
 */

/** Qwen Code's argument names for what a tool acts on (write_file, edit, read_file, run_shell_command, ...). */
const TARGET_FIELDS = ['file_path', 'absolute_path', 'path', 'command', 'pattern', 'url', 'query', 'description'] as const;
/** Its write_file result texts, which carry the path (the only place a file change is stated). */
const CREATED = /^Successfully created and wrote to new file: (.+?)\.?$/;
const OVERWROTE = /^Successfully (?:overwrote|modified) file: (.+?)(?:\s\(.*\))?\.?$/;

export const qwenCodeAdapter: AgentAdapter = {
  id: 'qwen-code',
  command: 'qwen',
  recordedVersion: '0.24.4',
  headlessArgs(start: HeadlessStart): string[] {
    return [
      '--output-format',
      'stream-json',
      // auto-edit: edits approved, other tools refused in headless mode; plan: analyse only.
      '--approval-mode',
      start.readOnly ? 'plan' : 'auto-edit',
      // A new session can carry the id Wavelane chose (a UUID), so it is known before the first line.
      ...(start.resumeSessionId ? ['--resume', start.resumeSessionId] : start.newSessionId ? ['--session-id', start.newSessionId] : []),
      // Glued to its option: text after `--` does not become Qwen's prompt (0.24.4 reads only the
      // positional before it), and a separate "-..." would be read as an option.
      `--prompt=${start.prompt}`,
    ];
  },
  parseLine(line: string): AgentEvent[] {
    return parseJsonLine(line, parseObject);
  },
};

function parseObject(event: Record<string, unknown>): AgentEvent[] {
  switch (event.type) {
    case 'system': {
      const sessionId = str(event.session_id);
      if (event.subtype !== 'init' || !sessionId) return [{ kind: 'unknown', raw: event }];
      const model = str(event.model);
      return [{ kind: 'session', sessionId, ...(model ? { model } : {}) }];
    }
    case 'stream_event':
      // Partial-message deltas (with --include-partial-messages) and goal-state notices: the whole
      // message follows as an `assistant` line, so nothing here is news.
      return [];
    case 'assistant':
      return parseAssistant(obj(event.message), event);
    case 'user':
      return parseToolResults(obj(event.message));
    case 'result':
      return parseResult(event);
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

function parseAssistant(message: Record<string, unknown> | undefined, event: Record<string, unknown>): AgentEvent[] {
  if (!message) return [{ kind: 'unknown', raw: event }];
  const events: AgentEvent[] = [];
  for (const block of arr(message.content).map(obj)) {
    if (block?.type === 'text') {
      const text = str(block.text);
      if (text) events.push({ kind: 'message', text });
    } else if (block?.type === 'thinking') {
      const text = str(block.thinking) ?? str(block.text);
      if (text) events.push({ kind: 'thinking', text });
    } else if (block?.type === 'tool_use') {
      const id = str(block.id);
      const target = toolTarget(obj(block.input), TARGET_FIELDS);
      events.push({ kind: 'toolCall', ...(id ? { id } : {}), tool: str(block.name) ?? 'tool', ...(target ? { target } : {}) });
    } else if (block) {
      events.push({ kind: 'unknown', raw: block });
    }
  }
  return events;
}

function parseToolResults(message: Record<string, unknown> | undefined): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const block of arr(message?.content).map(obj)) {
    if (block?.type !== 'tool_result') continue;
    const id = str(block.tool_use_id);
    const ok = block.is_error !== true;
    const text = resultText(block.content);
    const summary = firstLine(text);
    if (ok && summary) {
      const created = CREATED.exec(summary);
      const overwrote = OVERWROTE.exec(summary);
      if (created?.[1]) events.push({ kind: 'fileChange', path: created[1], change: 'add' });
      else if (overwrote?.[1]) events.push({ kind: 'fileChange', path: overwrote[1], change: 'modify' });
    }
    events.push({ kind: 'toolResult', ...(id ? { id } : {}), ok, ...(summary ? { summary } : {}) });
  }
  return events;
}

function parseResult(event: Record<string, unknown>): AgentEvent[] {
  const total = tokenUsage(obj(event.usage));
  const events: AgentEvent[] = total ? [{ kind: 'usage', usage: total, cumulative: true }] : [];
  const ok = event.is_error !== true && (event.subtype === undefined || event.subtype === 'success');
  const result = str(event.result) ?? str(obj(event.error)?.message);
  const numTurns = num(event.num_turns);
  const denials = arr(event.permission_denials)
    .map((d) => str(obj(d)?.tool_name) ?? str(d))
    .filter((d): d is string => d !== undefined);
  if (!ok) {
    const message = result ?? `the run ended with ${str(event.subtype) ?? 'an error'}`;
    events.push(RATE_LIMIT_TEXT.test(message) ? { kind: 'rateLimit', message } : { kind: 'error', message });
  }
  events.push({
    kind: 'done',
    ok,
    ...(result !== undefined ? { result } : {}),
    ...(total ? { total } : {}),
    ...(numTurns !== undefined ? { numTurns } : {}),
    ...(denials.length > 0 ? { permissionDenials: denials } : {}),
  });
  return events;
}

/** `usage`: input_tokens counts the cached ones (cache_read_input_tokens) too; the normalized input is the rest. */
function tokenUsage(usage: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const input = num(usage.input_tokens);
  const output = num(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const cached = num(usage.cache_read_input_tokens) ?? 0;
  const cacheWrite = num(usage.cache_creation_input_tokens);
  return { input: Math.max(0, input - cached), output, cacheRead: cached, ...(cacheWrite ? { cacheWrite } : {}) };
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((part) => str(obj(part)?.text) ?? '')
    .join('\n');
}
