import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/main/core/agents/agentEvent';
import { opencodeAdapter } from '../../src/main/core/agents/adapters/opencode';
import { maybeRecordFixture, parseStdout, scriptedTotal, summedUsage, userText } from './harness/agentRun';
import { OPENCODE_TEST_PRICES, opencodeEnv } from './harness/openModelCliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import type { ScriptedTurn, ScriptedUsage } from './modelServer/script';
import { startModelServer, type ModelServer } from './modelServer/server';

const cli = pinnedCli('opencode');
const MARKER = 'TASK-oc1';
/** Starts with `-`: it must reach the model as text, never be read as an option. */
const PROMPT = `- ${MARKER}: write notes/oc1.txt (--help is text here)`;

const mainTurns: ScriptedTurn[] = [
  { kind: 'toolCalls', text: 'Writing the note.', calls: [{ tool: 'writeFile', path: 'notes/oc1.txt', content: 'written by opencode\n' }], usage: { input: 400, output: 25, cacheRead: 200 } },
  { kind: 'text', text: 'Wrote notes/oc1.txt.', usage: { input: 450, output: 35 } },
];
const followUp: ScriptedTurn = { kind: 'text', text: 'Follow-up answered in the same session.', usage: { input: 70, output: 7 } };
const usageOf = (turns: readonly ScriptedTurn[]): (ScriptedUsage | undefined)[] => turns.map((t) => ('usage' in t ? t.usage : undefined));

/** What opencode charges for the scripted usage with the test provider's prices (USD per million tokens). */
function expectedCost(usages: readonly (ScriptedUsage | undefined)[]): number {
  const t = scriptedTotal(usages);
  return (t.input * OPENCODE_TEST_PRICES.input + t.output * OPENCODE_TEST_PRICES.output + t.cacheRead * OPENCODE_TEST_PRICES.cache_read) / 1e6;
}

describe(`opencode ${cli.version} against the scripted model server`, () => {
  let server: ModelServer;
  const ws = tempWorkspace('opencode');
  beforeAll(async () => {
    if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    server = await startModelServer({
      conversations: [
        { marker: MARKER, turns: [...mainTurns, followUp] },
        { marker: 'TASK-oc-limit', turns: [{ kind: 'rateLimit', retryAfterSeconds: 1, times: 2 }, { kind: 'text', text: 'Answered after the 429s.', usage: { input: 9, output: 2 } }] },
        ...[1, 2, 3, 4].map((n) => ({ marker: `TASK-oc-race${n}`, turns: [{ kind: 'text' as const, text: `race ${n} done`, usage: { input: 5, output: 1 } }] })),
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });
  let sessionId: string | undefined;

  it('takes a prompt starting with "-" as text, writes the scripted file, and reports exactly the scripted tokens and their price', async () => {
    const args = opencodeAdapter.headlessArgs({ prompt: PROMPT, promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, opencodeEnv(ws.home, server.url));
    maybeRecordFixture('opencode', cli.version, undefined, run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws.repo, 'notes/oc1.txt'), 'utf8')).toBe('written by opencode\n');
    const requests = server.requestsFor(MARKER);
    expect(requests.map((r) => r.answered)).toEqual(['toolCalls', 'text']);
    expect(userText(requests[0])).toContain(PROMPT);
    // `--title` spares the title-generation call, whose tokens opencode would not report.
    expect(server.requests.filter((r) => r.protocol === 'openai-chat' && r.conversation === undefined)).toEqual([]);

    const events = parseStdout(opencodeAdapter, run.stdout);
    expect(events.filter((e) => e.kind === 'unknown' || e.kind === 'error' || e.kind === 'text')).toEqual([]);
    const session = events.find((e) => e.kind === 'session');
    sessionId = session?.kind === 'session' ? session.sessionId : undefined;
    expect(sessionId).toMatch(/^ses_/);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'write', target: expect.stringMatching(/notes\/oc1\.txt$/) as string }));
    expect(events).toContainEqual({ kind: 'fileChange', path: expect.stringMatching(/notes\/oc1\.txt$/) as string, change: 'add' });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: true }));
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal(usageOf(mainTurns)));
    expect(summed.costUsd).toBeCloseTo(expectedCost(usageOf(mainTurns)), 12);
    expect(events.at(-1)).toEqual({ kind: 'done', ok: true });
  });

  it('continues the same session with --session <id>: the model sees the earlier conversation', async () => {
    expect(sessionId).toBeDefined();
    const args = opencodeAdapter.headlessArgs({ prompt: '- follow up', promptFile: '', resumeSessionId: sessionId });
    const run = await runCli(cli.executable, args, ws.repo, opencodeEnv(ws.home, server.url));
    maybeRecordFixture('opencode', cli.version, 'resume', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const last = server.requestsFor(MARKER).at(-1);
    expect(last?.answered).toBe('text');
    expect(userText(last)).toContain('- follow up');
    expect(userText(last)).toContain(PROMPT);
    const events = parseStdout(opencodeAdapter, run.stdout);
    expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId });
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal(usageOf([followUp])));
    expect(summed.costUsd).toBeCloseTo(expectedCost(usageOf([followUp])), 12);
  });

  it('retries a 429 by itself (retry-after honoured) and then finishes; the stream says nothing of the wait', async () => {
    const args = opencodeAdapter.headlessArgs({ prompt: '- TASK-oc-limit: anything', promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, opencodeEnv(ws.home, server.url));
    maybeRecordFixture('opencode', cli.version, 'rate-limit', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requestsFor('TASK-oc-limit').map((r) => r.answered)).toEqual(['rateLimit', 'rateLimit', 'text']);
    const events = parseStdout(opencodeAdapter, run.stdout);
    expect(events).toContainEqual({ kind: 'message', text: 'Answered after the 429s.' });
    expect(summedUsage(events).usage).toEqual(scriptedTotal([{ input: 9, output: 2 }]));
  });

  /**
   * Four fresh starts at once on one HOME race on opencode's first-run database migration: measured on
   * 1.18.33, one to three of four exited 1 with "Failed query: CREATE TABLE `workspace`" (three rounds
   * of four, each in its own worktree). Starting the first run alone, then the rest together, as
   * Wavelane's run loop must, works: that is what this checks (the race itself is not asserted: it is
   * timing-dependent).
   */
  it('on a fresh HOME, the first run alone and then three at once, each in its own worktree, all finish', async () => {
    const fresh = tempWorkspace('opencode-race');
    try {
      const env = opencodeEnv(fresh.home, server.url);
      const worktrees = [1, 2, 3, 4].map((n) => {
        const dir = join(fresh.root, `wt${n}`);
        execFileSync('git', ['worktree', 'add', '-q', '-b', `task-${n}`, dir], { cwd: fresh.repo, stdio: 'ignore' });
        return dir;
      });
      const start = (n: number) =>
        runCli(cli.executable, opencodeAdapter.headlessArgs({ prompt: `- TASK-oc-race${n}: hello`, promptFile: '' }), worktrees[n - 1] ?? fresh.repo, env);
      const first = await start(1);
      const rest = await Promise.all([2, 3, 4].map(start));
      const outcomes = [first, ...rest].map((run) => ({ code: run.code, done: parseStdout(opencodeAdapter, run.stdout).some((e: AgentEvent) => e.kind === 'done'), stderr: run.stderr.slice(0, 300) }));
      expect(outcomes.map((o) => [o.code, o.done]), JSON.stringify(outcomes)).toEqual([[0, true], [0, true], [0, true], [0, true]]);
    } finally {
      fresh.dispose();
    }
  });
});
