import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../src/main/core/agents/agentEvent';
import { qwenCodeAdapter } from '../../src/main/core/agents/adapters/qwenCode';
import { maybeRecordFixture, parseStdout, scriptedTotal, summedUsage, userText } from './harness/agentRun';
import { qwenCodeEnv } from './harness/openModelCliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import type { ScriptedTurn } from './modelServer/script';
import { startModelServer, type ModelServer } from './modelServer/server';

const cli = pinnedCli('qwen-code');
const MARKER = 'TASK-qw1';
/** Starts with `-`: it must reach the model as text, never be read as an option. */
const PROMPT = `- ${MARKER}: write notes/qw1.txt (--yolo is text here)`;

const usageOf = (turns: readonly ScriptedTurn[]) => turns.map((t) => ('usage' in t ? t.usage : undefined));

describe(`Qwen Code ${cli.version} against the scripted model server`, () => {
  let server: ModelServer;
  const ws = tempWorkspace('qwen');
  /** Qwen's write_file wants an absolute path; the worktree's is known only once the workspace exists. */
  const mainTurns: ScriptedTurn[] = [
    { kind: 'toolCalls', text: 'Writing the note.', calls: [
        { tool: 'writeFile', path: join(ws.repo, 'notes/qw1.txt'), content: 'written by qwen\n' },
        { tool: 'writeFile', path: join(ws.repo, 'notes/qw2.txt'), content: 'also by qwen\n' },
      ], usage: { input: 500, output: 40, cacheRead: 120 } },
    { kind: 'text', text: 'Wrote notes/qw1.txt.', usage: { input: 520, output: 45 } },
  ];
  const followUp: ScriptedTurn = { kind: 'text', text: 'Follow-up answered in the same session.', usage: { input: 80, output: 8 } };
  beforeAll(async () => {
    if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    server = await startModelServer({
      conversations: [
        { marker: MARKER, turns: [...mainTurns, followUp] },
        { marker: 'TASK-qw-limit', turns: [{ kind: 'rateLimit', retryAfterSeconds: 1, times: 2 }, { kind: 'text', text: 'Answered after the 429s.', usage: { input: 9, output: 2 } }] },
        {
          marker: 'TASK-qw-plan',
          turns: [
            { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: join(ws.repo, 'notes/plan.txt'), content: 'must not exist\n' }], usage: { input: 10, output: 2 } },
            { kind: 'text', text: 'Plan mode refused the write.', usage: { input: 12, output: 3 } },
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
  let sessionTotal: TokenUsage | undefined;

  it('takes a prompt starting with "-" as text, writes the scripted file, and reports exactly the scripted tokens', async () => {
    const newSessionId = randomUUID();
    const args = qwenCodeAdapter.headlessArgs({ prompt: PROMPT, promptFile: '', newSessionId });
    const run = await runCli(cli.executable, args, ws.repo, qwenCodeEnv(ws.home, server.url));
    maybeRecordFixture('qwen-code', cli.version, undefined, run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws.repo, 'notes/qw1.txt'), 'utf8')).toBe('written by qwen\n');
    const requests = server.requestsFor(MARKER);
    expect(requests.map((r) => r.answered)).toEqual(['toolCalls', 'text']);
    expect(userText(requests[0])).toContain(PROMPT);

    const events = parseStdout(qwenCodeAdapter, run.stdout);
    expect(events.filter((e) => e.kind === 'unknown' || e.kind === 'error' || e.kind === 'text')).toEqual([]);
    const session = events.find((e) => e.kind === 'session');
    sessionId = session?.kind === 'session' ? session.sessionId : undefined;
    // The session carries the id given up front with --session-id.
    expect(sessionId).toBe(newSessionId);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'write_file', target: join(ws.repo, 'notes/qw1.txt') }));
    expect(events).toContainEqual({ kind: 'fileChange', path: join(ws.repo, 'notes/qw1.txt'), change: 'add' });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: true }));
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal(usageOf(mainTurns)));
    // Qwen Code reports tokens but no price: the cost stays unknown, never invented.
    expect(summed.costUsd).toBeUndefined();
    expect(readFileSync(join(ws.repo, 'notes/qw2.txt'), 'utf8')).toBe('also by qwen\n');
    const done = events.at(-1);
    expect(done).toMatchObject({ kind: 'done', ok: true, numTurns: 2 });
    // A new session: the CLI's own total equals the sum of the deltas.
    sessionTotal = done?.kind === 'done' ? done.total : undefined;
    expect({ cacheWrite: 0, ...sessionTotal }).toEqual(summed.usage);
  });

  it('resumes the same session with --resume <id>: the model sees the earlier conversation', async () => {
    expect(sessionId).toBeDefined();
    const args = qwenCodeAdapter.headlessArgs({ prompt: '- follow up', promptFile: '', resumeSessionId: sessionId });
    const run = await runCli(cli.executable, args, ws.repo, qwenCodeEnv(ws.home, server.url));
    maybeRecordFixture('qwen-code', cli.version, 'resume', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const last = server.requestsFor(MARKER).at(-1);
    expect(last?.answered).toBe('text');
    expect(userText(last)).toContain('- follow up');
    expect(userText(last)).toContain(PROMPT);
    // Every request was the conversation's: no side call the script did not plan.
    expect(server.requests.filter((r) => r.conversation === undefined)).toEqual([]);
    const events = parseStdout(qwenCodeAdapter, run.stdout);
    expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId });
    // Qwen reports the session's running total: the attempt's share is the difference from the total before it.
    expect(summedUsage(events, sessionTotal).usage).toEqual(scriptedTotal(usageOf([followUp])));
    const done = events.at(-1);
    expect({ cacheWrite: 0, ...(done?.kind === 'done' ? done.total : {}) }).toEqual(scriptedTotal(usageOf([...mainTurns, followUp])));
  });

  it('retries a 429 by itself and then finishes', async () => {
    const args = qwenCodeAdapter.headlessArgs({ prompt: '- TASK-qw-limit: anything', promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, qwenCodeEnv(ws.home, server.url));
    maybeRecordFixture('qwen-code', cli.version, 'rate-limit', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requestsFor('TASK-qw-limit').map((r) => r.answered)).toEqual(['rateLimit', 'rateLimit', 'text']);
    const events = parseStdout(qwenCodeAdapter, run.stdout);
    expect(events).toContainEqual({ kind: 'message', text: 'Answered after the 429s.' });
    expect(summedUsage(events).usage).toEqual(scriptedTotal([{ input: 9, output: 2 }]));
  });

  it('in read-only mode (--approval-mode plan) does not write the file', async () => {
    const args = qwenCodeAdapter.headlessArgs({ prompt: '- TASK-qw-plan: plan it', promptFile: '', readOnly: true });
    const run = await runCli(cli.executable, args, ws.repo, qwenCodeEnv(ws.home, server.url));
    maybeRecordFixture('qwen-code', cli.version, 'plan', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(ws.repo, 'notes/plan.txt'))).toBe(false);
    // Plan mode does not even offer the write tools to the model.
    const declared = server.requestsFor('TASK-qw-plan')[0]?.declaredTools ?? [];
    expect(declared).not.toContain('write_file');
    expect(declared).not.toContain('edit');
    expect(parseStdout(qwenCodeAdapter, run.stdout).at(-1)).toMatchObject({ kind: 'done', ok: true });
  });
});
