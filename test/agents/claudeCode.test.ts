import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeAdapter } from '../../src/main/core/agents/adapters/claudeCode';
import { parseStdout, userText, maybeRecordFixture, scriptedTotal, summedUsage } from './harness/agentRun';
import { claudeCodeEnv } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';
import type { ScriptedTurn } from './modelServer/script';

const cli = pinnedCli('claude-code');
const MARKER = 'TASK-cc1';
/** Starts with `-`: it must reach the model as text, never be read as an option. */
const PROMPT = `--dangerously-skip-permissions is text here. ${MARKER}: write notes/cc1.txt`;

/** First a 429 the CLI retries by itself (the transcript shows it), then the work. */
const mainTurns: ScriptedTurn[] = [
  { kind: 'rateLimit', retryAfterSeconds: 1 },
  { kind: 'toolCalls', text: 'Checking the shell first.', calls: [{ tool: 'shell', command: 'echo shell-ran > shell.txt' }], usage: { input: 120, output: 15, cacheRead: 30, cacheWrite: 8 } },
  { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: 'notes/cc1.txt', content: 'written by claude code\n' }], usage: { input: 140, output: 25, cacheRead: 40 } },
  { kind: 'text', text: 'Wrote notes/cc1.txt.', usage: { input: 160, output: 35 } },
];
/** Each turn costs far more than the budget the test gives, so Claude Code stops after the first. */
const budgetTurns: ScriptedTurn[] = [
  { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: 'budget/b1.txt', content: 'one\n' }], usage: { input: 5000, output: 500 } },
  { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: 'budget/b2.txt', content: 'two\n' }], usage: { input: 5000, output: 500 } },
  { kind: 'text', text: 'Both written.', usage: { input: 5000, output: 500 } },
];
const followUp: ScriptedTurn = { kind: 'text', text: 'Follow-up answered in the same session.', usage: { input: 50, output: 5 } };

describe(`Claude Code ${cli.version} against the scripted model server`, () => {
  let server: ModelServer;
  const ws = tempWorkspace('claude');
  beforeAll(async () => {
    if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    server = await startModelServer({
      conversations: [
        { marker: MARKER, turns: [...mainTurns, followUp] },
        { marker: 'TASK-cc-limit', turns: [{ kind: 'rateLimit', retryAfterSeconds: 30 }] },
        { marker: 'TASK-cc-budget', turns: budgetTurns },
        {
          marker: 'TASK-cc-deny',
          turns: [
            { kind: 'toolCalls', calls: [{ tool: 'shell', command: 'git push --force origin main' }], usage: { input: 10, output: 2 } },
            { kind: 'text', text: 'I was not allowed to push.', usage: { input: 10, output: 2 } },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });
  let sessionId: string | undefined;

  it('takes a prompt starting with "-" as text, writes the scripted file, and reports exactly the scripted tokens', async () => {
    const chosenId = randomUUID();
    const args = claudeCodeAdapter.headlessArgs({ prompt: PROMPT, promptFile: '', newSessionId: chosenId });
    const run = await runCli(cli.executable, args, ws.repo, claudeCodeEnv(ws.home, server.url));
    maybeRecordFixture('claude-code', cli.version, undefined, run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws.repo, 'notes/cc1.txt'), 'utf8')).toBe('written by claude code\n');
    expect(readFileSync(join(ws.repo, 'shell.txt'), 'utf8')).toBe('shell-ran\n');
    const requests = server.requestsFor(MARKER);
    expect(requests.map((r) => r.answered)).toEqual(['rateLimit', 'toolCalls', 'toolCalls', 'text']);
    expect(userText(requests[1])).toContain(PROMPT);

    const events = parseStdout(claudeCodeAdapter, run.stdout);
    expect(events.filter((e) => e.kind === 'text' || e.kind === 'error')).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rateLimit', retrying: true }));
    const session = events.find((e) => e.kind === 'session');
    expect(session).toMatchObject({ kind: 'session', sessionId: expect.any(String) as string });
    sessionId = session?.kind === 'session' ? session.sessionId : undefined;
    expect(sessionId).toBe(chosenId);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Bash', target: 'echo shell-ran > shell.txt' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'Write', target: 'notes/cc1.txt' }));
    expect(events).toContainEqual({ kind: 'fileChange', path: 'notes/cc1.txt', change: 'add' });
    expect(events.filter((e) => e.kind === 'toolResult').every((e) => e.kind === 'toolResult' && e.ok)).toBe(true);

    const expected = scriptedTotal(mainTurns.map((t) => ('usage' in t ? t.usage : undefined)));
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(expected);
    const done = events.at(-1);
    expect(done).toMatchObject({ kind: 'done', ok: true, result: 'Wrote notes/cc1.txt.', numTurns: 3, permissionDenials: [], total: expected });
    // Claude Code prices the tokens itself (its own price table for the model); the adapter passes that on.
    expect(done?.kind === 'done' && done.totalCostUsd).toBeGreaterThan(0);
    expect(summed.costUsd).toBe(done?.kind === 'done' ? done.totalCostUsd : undefined);
  });

  it('resumes the same session with --resume: the model sees the earlier conversation', async () => {
    expect(sessionId).toBeDefined();
    const args = claudeCodeAdapter.headlessArgs({ prompt: '- follow up', promptFile: '', resumeSessionId: sessionId });
    const run = await runCli(cli.executable, args, ws.repo, claudeCodeEnv(ws.home, server.url));
    maybeRecordFixture('claude-code', cli.version, 'resume', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const last = server.requestsFor(MARKER).at(-1);
    expect(last?.answered).toBe('text');
    expect(userText(last)).toContain('- follow up');
    expect(userText(last)).toContain(PROMPT);
    const events = parseStdout(claudeCodeAdapter, run.stdout);
    expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId });
    // This run's tokens are the follow-up's; the session's totals (and cost) include the first run.
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal([followUp.kind === 'text' ? followUp.usage : undefined]));
    const done = events.at(-1);
    expect(done).toMatchObject({
      kind: 'done',
      ok: true,
      result: followUp.kind === 'text' ? followUp.text : '',
      total: scriptedTotal([...mainTurns, followUp].map((t) => ('usage' in t ? t.usage : undefined))),
    });
    expect(summed.costUsd).toBeGreaterThan(0);
    expect(done?.kind === 'done' && done.totalCostUsd).toBeGreaterThan(summed.costUsd ?? 0);
  });

  it('reports a rate limit it gives up on as rateLimit and a failed done', async () => {
    const args = claudeCodeAdapter.headlessArgs({ prompt: '- TASK-cc-limit: anything', promptFile: '' });
    // No retries of its own, so the 429 ends the run (by default it retries up to 10 times with backoff).
    const run = await runCli(cli.executable, args, ws.repo, { ...claudeCodeEnv(ws.home, server.url), CLAUDE_CODE_MAX_RETRIES: '0' });
    maybeRecordFixture('claude-code', cli.version, 'rate-limit', run.stdout);
    expect(run.code).not.toBe(0);
    const events = parseStdout(claudeCodeAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rateLimit', message: expect.stringContaining('429') as string }));
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: false });
  });

  it('stops itself past --max-budget-usd: the result says so, counts the tokens, and no further work is done', async () => {
    const args = claudeCodeAdapter.headlessArgs({ prompt: '- TASK-cc-budget: write two files', promptFile: '', budgetUsd: 0.001 });
    expect(args.slice(args.indexOf('--max-budget-usd'), args.indexOf('--max-budget-usd') + 2)).toEqual(['--max-budget-usd', '0.001']);
    const run = await runCli(cli.executable, args, ws.repo, claudeCodeEnv(ws.home, server.url));
    maybeRecordFixture('claude-code', cli.version, 'budget', run.stdout);
    const events = parseStdout(claudeCodeAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'error', message: expect.stringContaining('budget') as string }));
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: false });
    // It checks the budget when the model answers, before running the tool the answer asked for.
    expect(existsSync(join(ws.repo, 'budget/b1.txt'))).toBe(false);
    expect(server.requestsFor('TASK-cc-budget')).toHaveLength(1);
    expect(summedUsage(events).usage).toEqual(scriptedTotal([budgetTurns[0]?.kind === 'toolCalls' ? budgetTurns[0].usage : undefined]));
  });

  it('a command acceptEdits does not allow is refused in print mode and reported as a permission denial', async () => {
    const args = claudeCodeAdapter.headlessArgs({ prompt: '- TASK-cc-deny: push', promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, claudeCodeEnv(ws.home, server.url));
    maybeRecordFixture('claude-code', cli.version, 'permission-denied', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const events = parseStdout(claudeCodeAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: false }));
    expect(events).toContainEqual({ kind: 'needsInput', permission: 'Bash', question: 'This command requires approval' });
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true, permissionDenials: ['Bash git push --force origin main'] });
  });
});
