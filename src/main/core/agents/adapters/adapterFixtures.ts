import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AgentAdapter, AgentEvent } from '../agentEvent';

/**
 * For adapter unit tests: the recorded fixtures (`fixtures/<id>-<version><case>.jsonl`, the CLI's raw
 * stdout saved by `WAVELANE_RECORD_FIXTURES=1 npm run test:agents`) and the checks every adapter owes.
 */
export function readFixture(adapter: AgentAdapter, caseName = ''): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', `${adapter.id}-${adapter.recordedVersion}${caseName}.jsonl`), 'utf8');
}

export function parseAll(adapter: AgentAdapter, text: string): AgentEvent[] {
  return text.split('\n').flatMap((line) => adapter.parseLine(line));
}

/**
 * A stream cut in the middle of its last event (the CLI killed mid-write) ends in a `text` event with
 * the partial line and has no `done`; and no prefix of any line of the stream makes the parser throw.
 */
export function expectTruncationTolerated(adapter: AgentAdapter, text: string, lastEventStart: string): void {
  const cut = text.slice(0, text.lastIndexOf(lastEventStart) + lastEventStart.length + 10);
  const events = parseAll(adapter, cut);
  expect(events.some((e) => e.kind === 'done')).toBe(false);
  expect(events.at(-1)).toEqual({ kind: 'text', text: cut.slice(cut.lastIndexOf('\n') + 1) });
  /** Every seventh prefix: enough to cut inside every token of a line, without parsing each line n times. */
  const stride = 7;
  for (const line of text.split('\n')) {
    for (let end = 0; end <= line.length; end += stride) expect(() => adapter.parseLine(line.slice(0, end))).not.toThrow();
  }
}
