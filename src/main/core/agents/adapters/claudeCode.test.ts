import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../agentEvent';
import { expectTruncationTolerated, parseAll, readFixture } from './adapterFixtures';
import { claudeCodeAdapter } from './claudeCode';

const fixture = (caseName = ''): string => readFixture(claudeCodeAdapter, caseName);
const parse = (text: string): AgentEvent[] => parseAll(claudeCodeAdapter, text);

describe('claudeCodeAdapter.headlessArgs', () => {
  it('puts every option before `--` and the prompt last, so a prompt starting with "-" is never an option', () => {
    const args = claudeCodeAdapter.headlessArgs({ prompt: '--dangerously-skip-permissions', promptFile: '/p' });
    expect(args).toEqual(['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--', '--dangerously-skip-permissions']);
  });

  it('starts a session with the id given up front, unless it resumes one', () => {
    expect(claudeCodeAdapter.headlessArgs({ prompt: 'x', promptFile: '', newSessionId: 'u-1' })).toEqual(expect.arrayContaining(['--session-id', 'u-1']));
    expect(claudeCodeAdapter.headlessArgs({ prompt: 'x', promptFile: '', newSessionId: 'u-1', resumeSessionId: 'r' })).not.toContain('--session-id');
  });

  it('resumes a session, caps the spend and switches to plan mode when asked', () => {
    const args = claudeCodeAdapter.headlessArgs({ prompt: '- fix it', promptFile: '/p', resumeSessionId: 'abc', budgetUsd: 1.5, readOnly: true });
    expect(args.slice(-2)).toEqual(['--', '- fix it']);
    expect(args).toEqual(expect.arrayContaining(['--resume', 'abc', '--max-budget-usd', '1.5']));
    expect(args[args.indexOf('--permission-mode') + 1]).toBe('plan');
  });
});

describe('claudeCodeAdapter.parseLine on the recorded stream', () => {
  const events = parse(fixture(''));

  it('reads the session, the retried 429, the words, each tool call with its target, results, the file change and the totals', () => {
    expect(events[0]).toEqual({ kind: 'session', sessionId: expect.any(String) as string, model: 'claude-opus-5-5' });
    expect(events.map((e) => e.kind)).toEqual([
      'session',
      'rateLimit',
      'message',
      'toolCall',
      'toolResult',
      'toolCall',
      'toolResult',
      'fileChange',
      'message',
      'usage',
      'done',
    ]);
    expect(events[1]).toMatchObject({ kind: 'rateLimit', retrying: true, message: expect.stringContaining('429') as string });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Bash', target: 'echo shell-ran > shell.txt' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Write', target: 'notes/cc1.txt' }));
    expect(events).toContainEqual({ kind: 'fileChange', path: 'notes/cc1.txt', change: 'add' });
    const usage = events.find((e) => e.kind === 'usage');
    expect(usage).toMatchObject({ usage: { input: 420, output: 75, cacheRead: 70, cacheWrite: 8 }, costUsd: expect.any(Number) as number });
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true, numTurns: 3, permissionDenials: [], total: { input: 420, output: 75, cacheRead: 70, cacheWrite: 8 } });
  });

  it('on a resumed session: this run as the delta, the whole session as the total', () => {
    const resumed = parse(fixture('-resume'));
    const usage = resumed.find((e) => e.kind === 'usage');
    const done = resumed.at(-1);
    expect(usage).toMatchObject({ usage: { input: 50, output: 5 } });
    expect(done).toMatchObject({ kind: 'done', ok: true, total: { input: 470, output: 80, cacheRead: 70, cacheWrite: 8 } });
    expect(done?.kind === 'done' && usage?.kind === 'usage' && done.totalCostUsd! > usage.costUsd!).toBe(true);
  });

  it('a 429 it gave up on is a rate limit and a failed run', () => {
    const limited = parse(fixture('-rate-limit'));
    expect(limited.map((e) => e.kind)).toEqual(['session', 'rateLimit', 'usage', 'done']);
    expect(limited.at(-1)).toMatchObject({ kind: 'done', ok: false });
  });

  it('a run stopped at --max-budget-usd is an error naming the budget, with its tokens counted', () => {
    const stopped = parse(fixture('-budget'));
    expect(stopped).toContainEqual({ kind: 'error', message: 'error_max_budget_usd: Reached maximum budget ($0.001)' });
    expect(stopped.find((e) => e.kind === 'usage')).toMatchObject({ usage: { input: 5000, output: 500 }, costUsd: 0.03 });
    expect(stopped.at(-1)).toMatchObject({ kind: 'done', ok: false, totalCostUsd: 0.03 });
  });

  it('a truncated stream ends in text, without a done, and never throws', () => {
    expectTruncationTolerated(claudeCodeAdapter, fixture(), '{"duration_api_ms"');
  });
});

describe('claudeCodeAdapter.parseLine on other lines', () => {
  it('keeps an event it does not know, raw', () => {
    const raw = { type: 'tool_progress', tool_use_id: 'x', elapsed: 3 };
    expect(claudeCodeAdapter.parseLine(JSON.stringify(raw))).toEqual([{ kind: 'unknown', raw }]);
    expect(claudeCodeAdapter.parseLine('[1,2]')).toEqual([{ kind: 'unknown', raw: [1, 2] }]);
  });

  it('shows a line that is not JSON as text, and a blank line as nothing', () => {
    expect(claudeCodeAdapter.parseLine('Warning: something odd')).toEqual([{ kind: 'text', text: 'Warning: something odd' }]);
    expect(claudeCodeAdapter.parseLine('{"type":"assistant",')).toEqual([{ kind: 'text', text: '{"type":"assistant",' }]);
    expect(claudeCodeAdapter.parseLine('   ')).toEqual([]);
  });

  it('survives known events with the wrong shapes', () => {
    for (const raw of [{ type: 'assistant', message: 'x' }, { type: 'user', message: { content: 5 } }, { type: 'result', usage: 'x' }, { type: 'system', subtype: 'init' }]) {
      expect(() => claudeCodeAdapter.parseLine(JSON.stringify(raw))).not.toThrow();
    }
    expect(claudeCodeAdapter.parseLine(JSON.stringify({ type: 'system', subtype: 'init' }))).toEqual([{ kind: 'unknown', raw: { type: 'system', subtype: 'init' } }]);
  });

  it('reads rate_limit_event (sent for subscription limits, not to API-key users: shape from the CLI schema)', () => {
    const line = { type: 'rate_limit_event', rate_limit_info: { status: 'rejected', resetsAt: 1_800_000_000, rateLimitType: 'five_hour' }, session_id: 's' };
    expect(claudeCodeAdapter.parseLine(JSON.stringify(line))).toEqual([{ kind: 'rateLimit', resetsAt: 1_800_000_000_000, message: 'rate limit reached (five_hour)' }]);
    const warning = { ...line, rate_limit_info: { status: 'allowed_warning' } };
    expect(claudeCodeAdapter.parseLine(JSON.stringify(warning))).toEqual([{ kind: 'unknown', raw: warning }]);
  });

  it('reports a refused tool as it happens (needsInput) and lists the refusals in done', () => {
    const denied = parse(fixture('-permission-denied'));
    expect(denied).toContainEqual({ kind: 'needsInput', permission: 'Bash', question: 'This command requires approval' });
    expect(denied).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: false, summary: 'This command requires approval' }));
    expect(denied.at(-1)).toMatchObject({ kind: 'done', ok: true, permissionDenials: ['Bash git push --force origin main'] });
  });
});
