import type { ScriptedToolCall } from './script';

/**
 * Picks the CLI's own tool for a generic scripted call from the tools it declared in the request
 * (first declared candidate wins), so one script plays to every CLI. Returns undefined when the CLI
 * declared none of them: the protocol module then answers with text saying so, and the test fails on
 * the missing file rather than on a hang.
 */
export function pickTool(call: ScriptedToolCall, declared: readonly string[], candidates: Record<ScriptedToolCall['tool'], readonly string[]>): string | undefined {
  return candidates[call.tool].find((name) => declared.includes(name));
}

/** A fresh id for a tool call or message, unique within the server's life. */
let counter = 0;
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}

/** The text of a message's content: a string, or the `text` of each part of an array, joined by newlines. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { text?: unknown }[])
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}
