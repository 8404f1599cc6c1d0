import type { AgentEvent } from '../agentEvent';

/**
 * The first step of every adapter's `parseLine`: a line of stdout is either a JSON object (handed to the
 * adapter's own mapping) or something else, shown as it is. Blank lines produce nothing. Never throws.
 */
export type JsonLine = { object: Record<string, unknown> } | { events: AgentEvent[] };

export function readJsonLine(line: string): JsonLine {
  const trimmed = line.replace(/\r$/, '');
  if (trimmed.trim() === '') return { events: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { events: [{ kind: 'text', text: trimmed }] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { events: [{ kind: 'unknown', raw: parsed }] };
  return { object: parsed as Record<string, unknown> };
}

/**
 * An adapter's whole `parseLine`: blank, non-JSON and non-object lines handled here, JSON objects
 * mapped by `map`; should `map` meet a shape it did not expect and throw, the event is kept raw.
 */
export function parseJsonLine(line: string, map: (object: Record<string, unknown>) => AgentEvent[]): AgentEvent[] {
  const read = readJsonLine(line);
  if ('events' in read) return read.events;
  try {
    return map(read.object);
  } catch {
    return [{ kind: 'unknown', raw: read.object }];
  }
}

/** A one-line summary of tool output: its first non-blank line, cut to a readable length. */
const SUMMARY_MAX_CHARS = 200;
export function firstLine(text: string): string | undefined {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  return line.length > SUMMARY_MAX_CHARS ? `${line.slice(0, SUMMARY_MAX_CHARS - 1)}…` : line;
}

/** Narrowing helpers for untyped JSON: each returns undefined for the wrong type, never throws. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
