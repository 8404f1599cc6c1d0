import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAdapter, AgentEvent, TokenUsage } from '../../../src/main/core/agents/agentEvent';
import type { RecordedRequest, ScriptedUsage } from '../modelServer/script';
import { textOf } from '../modelServer/toolNames';

/** Every event the adapter parses from a run's stdout, line by line, as the run loop will. */
export function parseStdout(adapter: AgentAdapter, stdout: string): AgentEvent[] {
  return stdout.split('\n').flatMap((line) => adapter.parseLine(line));
}

/** The tokens a script reports in total, in the normalized shape (absent cache fields count as 0). */
export function scriptedTotal(usages: readonly (ScriptedUsage | undefined)[]): Required<Pick<TokenUsage, 'input' | 'output' | 'cacheRead' | 'cacheWrite'>> {
  const total = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const usage of usages) {
    total.input += usage?.input ?? 0;
    total.output += usage?.output ?? 0;
    total.cacheRead += usage?.cacheRead ?? 0;
    total.cacheWrite += usage?.cacheWrite ?? 0;
  }
  return total;
}

/**
 * This attempt's usage as a cost accumulator computes it: the sum of the deltas, or for a CLI that
 * reports the session's running total (`cumulative`), the last figure minus the session's total before
 * the attempt (`before`). Absent fields count as 0.
 */
export function summedUsage(events: readonly AgentEvent[], before?: TokenUsage): { usage: ReturnType<typeof scriptedTotal>; costUsd: number | undefined } {
  const usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  let costUsd: number | undefined;
  for (const event of events) {
    if (event.kind !== 'usage') continue;
    if (event.cumulative) {
      usage.input = event.usage.input - (before?.input ?? 0);
      usage.output = event.usage.output - (before?.output ?? 0);
      usage.cacheRead = (event.usage.cacheRead ?? 0) - (before?.cacheRead ?? 0);
      usage.cacheWrite = (event.usage.cacheWrite ?? 0) - (before?.cacheWrite ?? 0);
    } else {
      usage.input += event.usage.input;
      usage.output += event.usage.output;
      usage.cacheRead += event.usage.cacheRead ?? 0;
      usage.cacheWrite += event.usage.cacheWrite ?? 0;
    }
    if (event.costUsd !== undefined) costUsd = (costUsd ?? 0) + event.costUsd;
  }
  return { usage, costUsd };
}

/** The text of every user message of a request (Anthropic `messages` or Responses `input`). */
export function userText(request: RecordedRequest | undefined): string {
  const body = request?.body as { messages?: { role?: string; content?: unknown }[]; input?: { role?: string; content?: unknown }[] } | undefined;
  return (body?.messages ?? body?.input ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => textOf(m.content))
    .join('\n');
}

/**
 * With WAVELANE_RECORD_FIXTURES=1 the suite saves each CLI's raw stdout as the adapter's fixture
 * (`<id>-<version>[-<case>].jsonl`), so fixtures are re-recorded from the real CLIs, never written by hand.
 */
export function maybeRecordFixture(cliId: string, version: string, caseName: string | undefined, stdout: string): void {
  if (process.env.WAVELANE_RECORD_FIXTURES !== '1') return;
  const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'main', 'core', 'agents', 'adapters', 'fixtures');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${cliId}-${version}${caseName ? `-${caseName}` : ''}.jsonl`), stdout);
}
