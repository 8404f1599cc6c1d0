import { firstLine, str } from './jsonLine';

/**
 * What a tool call acts on, for the transcript's one-line `● Write notes/t1.txt`: the first of `fields`
 * (the CLI's own argument names, in its order of preference) that holds a string, cut to one line.
 */
export function toolTarget(input: Record<string, unknown> | undefined, fields: readonly string[]): string | undefined {
  if (!input) return undefined;
  for (const field of fields) {
    const value = str(input[field]);
    if (value) return firstLine(value);
  }
  return undefined;
}

/** A CLI error text that means the provider refused for rate limits (HTTP 429, Google's RESOURCE_EXHAUSTED). */
export const RATE_LIMIT_TEXT = /\b429\b|rate.?limit|RESOURCE_EXHAUSTED|resource has been exhausted|quota|exhausted your capacity/i;
