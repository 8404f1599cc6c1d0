/**
 * One normalized event model for every agent CLI. Each adapter (one file per CLI under `adapters/`)
 * turns its CLI's structured output (stream-json, `exec --json`, `run --format json`, ...) into these,
 * so the transcript renderer, the cost accounting, budgets, rate limits and session resume are written
 * once, not once per CLI. Anything an adapter does not recognise is kept as `unknown` (shown dimmed,
 * stored raw for audit), and a line that is not JSON at all is `text`: a new CLI version may add events,
 * and that must never crash a run or hide output.
 */
import type { TokenUsage } from '../../../shared/run/usage';

export type { TokenUsage };

export type AgentEvent =
  /** The CLI's own session (conversation) id, to resume it later; the model when known. */
  | { kind: 'session'; sessionId: string; model?: string }
  /** The assistant's words (a whole message or a streamed piece of one). */
  | { kind: 'message'; text: string }
  | { kind: 'thinking'; text: string }
  /** A tool call as it starts: `tool` is the CLI's name for it, `target` what it acts on (a path, a command). */
  | { kind: 'toolCall'; id?: string; tool: string; target?: string }
  /** The outcome of a tool call; `summary` is one short line (the first line of output, an error). */
  | { kind: 'toolResult'; id?: string; ok: boolean; summary?: string }
  | { kind: 'fileChange'; path: string; change: 'add' | 'modify' | 'delete' }
  /**
   * Tokens (and cost, where the CLI prices them) used since the previous `usage` event: a DELTA, so an
   * accumulator simply adds them. `costUsd` absent means the CLI gave no price: never invent one.
   * `cumulative: true` marks a CLI that reports only the SESSION's running total (Codex: its
   * `turn.completed` counts every turn of the thread, earlier `exec resume` runs included): the
   * attempt's share is this minus the session's total before the attempt (the previous attempt's last
   * cumulative figure for the same session id, or zero for a new session).
   */
  | { kind: 'usage'; usage: TokenUsage; costUsd?: number; cumulative?: boolean }
  /**
   * The provider refused for rate limits; `resetsAt` (epoch ms) when the CLI says when it lifts.
   * `retrying`: the CLI itself retries (Claude's `api_retry`, Codex's "Reconnecting..."), so this is
   * a notice, not the end of the attempt; without it the CLI gave up and the attempt must wait.
   */
  | { kind: 'rateLimit'; resetsAt?: number; message?: string; retrying?: boolean }
  /** The agent waits for the user: a question, or a permission it asked for (or was denied in headless mode). */
  | { kind: 'needsInput'; question?: string; permission?: string }
  | { kind: 'error'; message: string }
  /**
   * The end of the run as the CLI reports it. `total`/`totalCostUsd`, when present, are the CLI's own
   * totals for the whole SESSION, including earlier runs that this one resumed (Claude Code's
   * `total_cost_usd` and `modelUsage` carry over on `--resume`): for a new session they equal the sum
   * of the deltas, for a resumed one they are larger.
   */
  | {
      kind: 'done';
      ok: boolean;
      result?: string;
      total?: TokenUsage;
      totalCostUsd?: number;
      numTurns?: number;
      permissionDenials?: string[];
    }
  /** A JSON event this adapter does not know: kept raw, shown dimmed. */
  | { kind: 'unknown'; raw: unknown }
  /** A line that is not JSON (a warning the CLI printed, a truncated line): shown as it is. */
  | { kind: 'text'; text: string };

export type AgentEventKind = AgentEvent['kind'];

/** What a headless start needs from Wavelane; an adapter turns it into argv. */
export interface HeadlessStart {
  prompt: string;
  /** A file holding the prompt, for CLIs that read it from a file. */
  promptFile: string;
  /** Continue this CLI session instead of starting a new one. */
  resumeSessionId?: string;
  /**
   * Start a NEW session with this id (a UUID), where the CLI lets the caller choose it (Claude Code's
   * `--session-id`), so Wavelane knows the id before the first line; others ignore it and report theirs.
   */
  newSessionId?: string;
  /** Stop the agent past this spend, where the CLI can enforce it itself. */
  budgetUsd?: number;
  /** Plan/read-only mode (the planning agent): the agent may read but not change anything. */
  readOnly?: boolean;
}

/**
 * One CLI. `headlessArgs` always puts options first, then `--` (or `--prompt=`), then the prompt, so
 * a prompt starting with `-` can never become an option. `parseLine` is pure: one line of the CLI's
 * stdout in, zero or more events out; it never throws.
 */
export interface AgentAdapter {
  /** The built-in profile id this adapter serves (`claude-code`, `codex`, ...). */
  readonly id: string;
  /** The executable's name. */
  readonly command: string;
  /** The CLI version the fixtures were recorded from; `agents.detect` warns below it. */
  readonly recordedVersion: string;
  headlessArgs(start: HeadlessStart): string[];
  parseLine(line: string): AgentEvent[];
}
