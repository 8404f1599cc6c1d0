import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';
import { firstLine, num, obj, parseJsonLine, str } from './jsonLine';
import { RATE_LIMIT_TEXT, toolTarget } from './toolTarget';

/**
 * opencode, headless: `opencode run --format json` prints one JSON object per line, each carrying the
 * `sessionID` (which `opencode run --session <id>` continues) and a `part`: `step_start`, `text` (a whole
 * text part once it ends), `reasoning` (only with --thinking), `tool_use` (printed when the tool has
 * finished: its input, output, status completed/error, and for writes whether the file existed),
 * `step_finish` (the step's `tokens` and its `cost` in USD, priced from the model's configured
 * cost; reason `tool-calls` while the agent goes on, `stop` at the end) and `error` (`error.name`,
 * `error.data.message`). There is no final summary line: the last `step_finish` whose reason is not
 * `tool-calls` is the end. Recorded from 1.18.33 (fixtures/opencode-1.18.33*.jsonl).
 */

/** opencode's argument names for what a tool acts on (write, edit, read, bash, glob, grep, webfetch). */
const TARGET_FIELDS = ['filePath', 'path', 'command', 'pattern', 'url', 'query', 'description'] as const;
/** opencode's text when a permission rule denied a tool call (measured with `--agent plan` on 1.18.33). */
const PERMISSION_REFUSED = /rule which prevents you from using this specific tool call|permission (?:was )?(?:denied|rejected)/i;
/** Its tools that write a file named by `filePath`. */
const WRITE_TOOLS = new Set(['write', 'edit', 'patch', 'multiedit']);

export const opencodeAdapter: AgentAdapter = {
  id: 'opencode',
  command: 'opencode',
  recordedVersion: '1.18.33',
  headlessArgs(start: HeadlessStart): string[] {
    return [
      'run',
      '--format',
      'json',
      // The built-in `plan` agent may read but not edit (its edit permission is denied).
      ...(start.readOnly ? ['--agent', 'plan'] : []),
      ...(start.resumeSessionId ? ['--session', start.resumeSessionId] : []),
      // `--title` with no value: the session is titled from the prompt instead of by one more model
      // call, which opencode does not count in any step_finish (tokens spent unseen).
      '--title',
      '--',
      start.prompt,
    ];
  },
  parseLine(line: string): AgentEvent[] {
    return parseJsonLine(line, parseObject);
  },
};

function parseObject(event: Record<string, unknown>): AgentEvent[] {
  const part = obj(event.part);
  switch (event.type) {
    case 'step_start': {
      const sessionId = str(event.sessionID) ?? str(part?.sessionID);
      return sessionId ? [{ kind: 'session', sessionId }] : [{ kind: 'unknown', raw: event }];
    }
    case 'text': {
      const text = str(part?.text);
      if (text === undefined) return [{ kind: 'unknown', raw: event }];
      return text.trim() ? [{ kind: 'message', text }] : [];
    }
    case 'reasoning': {
      const text = str(part?.text);
      return text ? [{ kind: 'thinking', text }] : [];
    }
    case 'tool_use':
      return part ? parseTool(part) : [{ kind: 'unknown', raw: event }];
    case 'step_finish':
      return part ? parseStepFinish(part) : [{ kind: 'unknown', raw: event }];
    case 'error': {
      const error = obj(event.error);
      const message = str(obj(error?.data)?.message) ?? str(error?.message) ?? str(error?.name) ?? 'error';
      return [RATE_LIMIT_TEXT.test(message) ? { kind: 'rateLimit', message } : { kind: 'error', message }, { kind: 'done', ok: false, result: message }];
    }
    default:
      return [{ kind: 'unknown', raw: event }];
  }
}

function parseTool(part: Record<string, unknown>): AgentEvent[] {
  const state = obj(part.state);
  const input = obj(state?.input);
  const tool = str(part.tool) ?? 'tool';
  const id = str(part.callID);
  const withId = id ? { id } : {};
  const target = toolTarget(input, TARGET_FIELDS);
  const events: AgentEvent[] = [{ kind: 'toolCall', ...withId, tool, ...(target ? { target } : {}) }];
  const ok = state?.status === 'completed';
  const filePath = str(input?.filePath);
  if (ok && filePath && WRITE_TOOLS.has(tool)) {
    // `write` says whether the file was there before; every other edit changes an existing file.
    const existed = obj(state?.metadata)?.exists;
    events.push({ kind: 'fileChange', path: filePath, change: tool === 'write' && existed === false ? 'add' : 'modify' });
  }
  const summary = firstLine((ok ? str(state?.output) : str(state?.error)) ?? '');
  events.push({ kind: 'toolResult', ...withId, ok, ...(summary ? { summary } : {}) });
  // A permission rule refused it (the plan agent's edit: deny, or a config's "ask" that `run` auto-rejects).
  if (!ok && summary && PERMISSION_REFUSED.test(summary)) events.push({ kind: 'needsInput', permission: target ? `${tool} ${target}` : tool });
  return events;
}

function parseStepFinish(part: Record<string, unknown>): AgentEvent[] {
  const usage = tokenUsage(obj(part.tokens));
  const cost = num(part.cost);
  const events: AgentEvent[] = usage ? [{ kind: 'usage', usage, ...(cost !== undefined ? { costUsd: cost } : {}) }] : [];
  const reason = str(part.reason);
  // `tool-calls`: the agent runs the tools and takes another step; any other reason ends the run.
  if (reason !== undefined && reason !== 'tool-calls') events.push({ kind: 'done', ok: reason !== 'error' });
  return events;
}

/** `tokens`: input is the uncached part (cache.read and cache.write apart), reasoning apart from output. */
function tokenUsage(tokens: Record<string, unknown> | undefined): TokenUsage | undefined {
  if (!tokens) return undefined;
  const input = num(tokens.input);
  const output = num(tokens.output);
  if (input === undefined || output === undefined) return undefined;
  const cache = obj(tokens.cache);
  const cacheRead = num(cache?.read);
  const cacheWrite = num(cache?.write);
  const reasoning = num(tokens.reasoning);
  return { input, output, ...(cacheRead !== undefined ? { cacheRead } : {}), ...(cacheWrite ? { cacheWrite } : {}), ...(reasoning ? { reasoning } : {}) };
}
