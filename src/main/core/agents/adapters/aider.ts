import type { AgentAdapter, AgentEvent, HeadlessStart, TokenUsage } from '../agentEvent';

/**
 * Aider has no structured output: `--message-file` runs one message and prints plain text. This adapter
 * reads the few lines that carry meaning and shows every other line as it is:
 * - `Tokens: 12k sent, 1.2k cache write, 3.4k cache hit, 230 received. Cost: $0.05 message, $0.12 session.`
 *   (aider's `usage_report` after each model reply; the cost part only when the model has a price) is a
 *   `usage` delta: the tokens of that message, its cost in USD. Aider rounds counts of 1000 and more to
 *   "1.2k" / "12k", so those figures are approximate (the closest the CLI says).
 * - `Applied edit to <path>` is a file change; aider does not say whether the file is new.
 * - litellm's rate-limit errors (`litellm.RateLimitError: ...`) and aider's `Retrying in N seconds...`.
 * Aider keeps no session id (it restores chat history per folder with --restore-chat-history, not by
 * id), so there is no `session` event and a resume starts a new conversation.
 *
 * NO RECORDED FIXTURE: aider is a Python package (pip), and this environment reaches only the npm
 * registry, so it could not be installed and run. The line formats above come from aider's source
 * (`aider/coders/base_coder.py`: `tokens_report`, `cost_report`, `format_tokens`, the retry loop), stable
 * from 0.86 to the 0.88 development line; `recordedVersion` is that oldest release, and the unit tests use
 * lines written in those formats, not a recording.
 */

/** `Tokens: <n> sent[, <n> cache write][, <n> cache hit], <n> received.` then optionally the cost. */
const TOKENS_LINE = /^Tokens: ([\d.]+k?) sent(?:, ([\d.]+k?) cache write)?(?:, ([\d.]+k?) cache hit)?, ([\d.]+k?) received\.(?:\s+Cost: \$([\d.]+) message, \$([\d.]+) session\.)?\s*$/;
const APPLIED_EDIT = /^Applied edit to (.+?)\s*$/;
const RATE_LIMITED = /RateLimitError|\b429\b|rate limit/i;
const RETRYING = /^Retrying in ([\d.]+) seconds\.\.\./;

export const aiderAdapter: AgentAdapter = {
  id: 'aider',
  command: 'aider',
  recordedVersion: '0.86.0',
  headlessArgs(start: HeadlessStart): string[] {
    return [
      // Answers its own confirmations (add file, create file), so it never waits for a human.
      '--yes-always',
      // Wavelane commits the worktree itself, one commit per task.
      '--no-auto-commits',
      // Plain lines (no colours, no live markdown): what this adapter parses.
      '--no-pretty',
      '--no-check-update',
      // ask mode answers questions and edits nothing: the planning agent's read-only mode.
      ...(start.readOnly ? ['--chat-mode', 'ask'] : []),
      // The prompt as a file: it can never be read as an option, however it starts.
      '--message-file',
      start.promptFile,
    ];
  },
  parseLine(line: string): AgentEvent[] {
    const text = line.replace(/\r$/, '');
    if (text.trim() === '') return [];
    const tokens = TOKENS_LINE.exec(text.trim());
    if (tokens) return [usageEvent(tokens)];
    const applied = APPLIED_EDIT.exec(text);
    if (applied?.[1]) return [{ kind: 'fileChange', path: applied[1], change: 'modify' }];
    const retrying = RETRYING.exec(text);
    // A relative delay, not a time of day: parseLine stays pure, and aider retries by itself anyway.
    if (retrying) return [{ kind: 'rateLimit', message: text, retrying: true }];
    if (RATE_LIMITED.test(text)) return [{ kind: 'rateLimit', message: text }];
    return [{ kind: 'text', text }];
  },
};

function usageEvent(match: RegExpExecArray): AgentEvent {
  const [, sent, cacheWrite, cacheHit, received, messageCost] = match;
  const write = count(cacheWrite);
  // "sent" counts the prompt plus the tokens written to the cache; cache hits are reported apart.
  const usage: TokenUsage = {
    input: Math.max(0, count(sent) - write),
    output: count(received),
    ...(cacheHit ? { cacheRead: count(cacheHit) } : {}),
    ...(write ? { cacheWrite: write } : {}),
  };
  return { kind: 'usage', usage, ...(messageCost !== undefined ? { costUsd: Number(messageCost) } : {}) };
}

/** Aider's `format_tokens`: "950", "1.2k" (under 10k), "12k". */
function count(value: string | undefined): number {
  if (!value) return 0;
  return value.endsWith('k') ? Math.round(Number(value.slice(0, -1)) * 1000) : Number(value);
}
