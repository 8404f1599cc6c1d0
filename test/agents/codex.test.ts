import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../src/main/core/agents/agentEvent';
import { codexAdapter } from '../../src/main/core/agents/adapters/codex';
import { userText, maybeRecordFixture, parseStdout, scriptedTotal, summedUsage } from './harness/agentRun';
import { codexEnv } from './harness/cliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import { startModelServer, type ModelServer } from './modelServer/server';
import type { ScriptedTurn } from './modelServer/script';

const cli = pinnedCli('codex');
const MARKER = 'TASK-cx1';
/** Starts with `-`: it must reach the model as text, never be read as an option. */
const PROMPT = `--dangerously-bypass-approvals-and-sandbox is text here. ${MARKER}: write notes/cx1.txt`;

/** First a 429 the CLI retries by itself (the transcript shows it), then the work. */
const mainTurns: ScriptedTurn[] = [
  { kind: 'rateLimit', retryAfterSeconds: 1 },
  { kind: 'toolCalls', text: 'Checking the shell first.', calls: [{ tool: 'shell', command: 'echo shell-ran > shell.txt' }], usage: { input: 120, output: 15, cacheRead: 30 } },
  { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: 'notes/cx1.txt', content: 'written by codex\n' }], usage: { input: 140, output: 25, cacheRead: 40 } },
  { kind: 'text', text: 'Wrote notes/cx1.txt.', usage: { input: 160, output: 35 } },
];
const followUp: ScriptedTurn = { kind: 'text', text: 'Follow-up answered in the same thread.', usage: { input: 50, output: 5 } };

describe(`Codex ${cli.version} against the scripted model server`, () => {
  let server: ModelServer;
  const ws = tempWorkspace('codex');
  beforeAll(async () => {
    if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    server = await startModelServer({
      conversations: [
        { marker: MARKER, turns: [...mainTurns, followUp] },
        { marker: 'TASK-cx-limit', turns: [{ kind: 'rateLimit', retryAfterSeconds: 30 }] },
      ],
    });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });
  let threadId: string | undefined;
  let threadTotal: TokenUsage | undefined;

  it('takes a prompt starting with "-" as text, writes the scripted file, and reports exactly the scripted tokens', async () => {
    const args = codexAdapter.headlessArgs({ prompt: PROMPT, promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, codexEnv(ws.home, server.url));
    maybeRecordFixture('codex', cli.version, undefined, run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws.repo, 'notes/cx1.txt'), 'utf8')).toBe('written by codex\n');
    expect(readFileSync(join(ws.repo, 'shell.txt'), 'utf8')).toBe('shell-ran\n');
    const requests = server.requestsFor(MARKER);
    expect(requests.map((r) => r.answered)).toEqual(['rateLimit', 'toolCalls', 'toolCalls', 'text']);
    expect(userText(requests[1])).toContain(PROMPT);

    const events = parseStdout(codexAdapter, run.stdout);
    expect(events.filter((e) => e.kind === 'text' || e.kind === 'error')).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rateLimit', retrying: true }));
    const session = events.find((e) => e.kind === 'session');
    expect(session).toMatchObject({ kind: 'session', sessionId: expect.any(String) as string });
    threadId = session?.kind === 'session' ? session.sessionId : undefined;
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'shell', target: expect.stringContaining('echo shell-ran > shell.txt') as string }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'apply_patch', target: join(ws.repo, 'notes/cx1.txt') }));
    expect(events).toContainEqual({ kind: 'fileChange', path: join(ws.repo, 'notes/cx1.txt'), change: 'add' });
    expect(events.filter((e) => e.kind === 'toolResult').every((e) => e.kind === 'toolResult' && e.ok)).toBe(true);

    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal(mainTurns.map((t) => ('usage' in t ? t.usage : undefined))));
    // Codex reports tokens but no price: the cost stays unknown, never invented.
    expect(summed.costUsd).toBeUndefined();
    const done = events.at(-1);
    expect(done).toMatchObject({ kind: 'done', ok: true });
    threadTotal = done?.kind === 'done' ? done.total : undefined;
    expect({ cacheWrite: 0, ...threadTotal }).toEqual(summed.usage);
  });

  it('resumes the same thread with `exec resume`: the model sees the earlier conversation, usage counts only the new turn', async () => {
    expect(threadId).toBeDefined();
    const args = codexAdapter.headlessArgs({ prompt: '- follow up', promptFile: '', resumeSessionId: threadId });
    const run = await runCli(cli.executable, args, ws.repo, codexEnv(ws.home, server.url));
    maybeRecordFixture('codex', cli.version, 'resume', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const last = server.requestsFor(MARKER).at(-1);
    expect(last?.answered).toBe('text');
    expect(userText(last)).toContain('- follow up');
    expect(userText(last)).toContain(PROMPT);
    const events = parseStdout(codexAdapter, run.stdout);
    expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId: threadId });
    expect(events).toContainEqual({ kind: 'message', text: followUp.kind === 'text' ? followUp.text : '' });
    // Codex counts the whole thread; the attempt's share is the difference from the thread's total before it.
    expect(summedUsage(events, threadTotal).usage).toEqual(scriptedTotal([followUp.kind === 'text' ? followUp.usage : undefined]));
    const done = events.at(-1);
    expect(done).toMatchObject({ kind: 'done', ok: true });
    const total = done?.kind === 'done' ? done.total : undefined;
    expect({ cacheWrite: 0, ...total }).toEqual(scriptedTotal([...mainTurns, followUp].map((t) => ('usage' in t ? t.usage : undefined))));
  });

  it('reports a rate limit it gives up on as rateLimit and a failed done', async () => {
    const args = codexAdapter.headlessArgs({ prompt: '- TASK-cx-limit: anything', promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, codexEnv(ws.home, server.url, { maxRetries: 0 }));
    maybeRecordFixture('codex', cli.version, 'rate-limit', run.stdout);
    expect(run.code).not.toBe(0);
    const events = parseStdout(codexAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rateLimit', message: expect.stringContaining('429') as string }));
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: false });
  });
});
