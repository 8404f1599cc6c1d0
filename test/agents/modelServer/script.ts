import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The script the model server plays: per conversation, a list of turns answered in order, one turn per
 * model request. A protocol module (one per wire protocol: anthropicMessages.ts, openaiResponses.ts, ...)
 * maps a turn to its provider's response shape and its CLI's own tool names, so a test is written once
 * ("write notes/t1.txt", "usage 100/20") and played to every CLI.
 */

/** Tokens the server reports for one turn; each protocol maps them to its own usage fields. */
export interface ScriptedUsage {
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead?: number;
  /** Input tokens written to the prompt cache (Anthropic's cache_creation_input_tokens). */
  cacheWrite?: number;
}

/** A generic tool call; each protocol maps it to the tool its CLI declared (Write, apply_patch, shell, ...). */
export type ScriptedToolCall =
  | { tool: 'writeFile'; path: string; content: string }
  | { tool: 'shell'; command: string };

export type ScriptedTurn =
  /** The assistant answers with text and ends its turn. */
  | { kind: 'text'; text: string; usage?: ScriptedUsage }
  /** The assistant calls tools (in order, in one response); the CLI runs them and asks again. */
  | { kind: 'toolCalls'; calls: ScriptedToolCall[]; text?: string; usage?: ScriptedUsage }
  /**
   * HTTP 429 with the provider's retry headers and error body. `retryAfterSeconds` goes into
   * `retry-after` (and the provider's reset headers). `times`: how many consecutive requests get it
   * before the script moves on (default 1).
   */
  | { kind: 'rateLimit'; retryAfterSeconds?: number; times?: number }
  /** HTTP `status` (default 500) with the provider's error body. */
  | { kind: 'error'; status?: number; message?: string };

/**
 * One conversation: the server routes a request to it when the request's user text contains `marker`
 * (a task id, say), so parallel tasks each get their own script. Requests matching no marker get the
 * `fallback` turn (answers that CLIs send besides the task: title generation, quota probes, ...).
 */
export interface Conversation {
  marker: string;
  turns: ScriptedTurn[];
}

export interface Script {
  conversations: Conversation[];
  /** What a request matching no conversation (or past its last turn) gets; default a short text turn. */
  fallback?: ScriptedTurn;
}

/** One request the server saw, kept for assertions. */
export interface RecordedRequest {
  /** Milliseconds since the server started. */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The protocol module that answered (`anthropic`, `openai-responses`, ...), or undefined for 404. */
  protocol?: string;
  /** The conversation it was routed to, if any. */
  conversation?: string;
  /** What the server answered: the turn kind, or a protocol-specific note (`count_tokens`, `models`). */
  answered?: string;
  /** Tool names the CLI declared in the request (to learn its tools). */
  declaredTools?: string[];
}

export interface ProtocolContext {
  /**
   * The next turn of the conversation `conversationKey` (the full user text of the request: the server
   * finds the conversation whose marker it contains), or undefined when no conversation matches or it
   * has no turns left (answer with `ctx.fallback`).
   */
  nextTurn(conversationKey: string): ScriptedTurn | undefined;
  /** Add details to this request's record (protocol, conversation, answered, declaredTools). */
  record(entry: Partial<RecordedRequest>): void;
  /** The turn for requests matching no conversation. */
  fallback: ScriptedTurn;
}

/**
 * A wire protocol module's entry point. `body` is the parsed JSON body (undefined when empty or not
 * JSON). It must always end `res`.
 */
export type ProtocolHandler = (
  req: IncomingMessage,
  body: unknown,
  res: ServerResponse,
  ctx: ProtocolContext,
) => void;

/** A protocol module: which paths it answers, and how. */
export interface ProtocolModule {
  name: string;
  /** True when this module answers this path (`/v1/messages`, `/v1/responses`, ...). */
  matches(method: string, path: string): boolean;
  handle: ProtocolHandler;
}
