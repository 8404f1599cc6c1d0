import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geminiAdapter } from '../../src/main/core/agents/adapters/gemini';
import { maybeRecordFixture, parseStdout, scriptedTotal, summedUsage } from './harness/agentRun';
import { geminiEnv } from './harness/openModelCliEnv';
import { pinnedCli } from './harness/pinnedCli';
import { runCli, tempWorkspace } from './harness/runCli';
import type { RecordedRequest, ScriptedTurn } from './modelServer/script';
import { startModelServer, type ModelServer } from './modelServer/server';

const cli = pinnedCli('gemini');
const MARKER = 'TASK-gm1';
/** Starts with `-`: it must reach the model as text, never be read as an option. */
const PROMPT = `- ${MARKER}: write notes/gm1.txt (--yolo is text here)`;

const mainTurns: ScriptedTurn[] = [
  { kind: 'toolCalls', text: 'Writing the note.', calls: [{ tool: 'writeFile', path: 'notes/gm1.txt', content: 'written by gemini\n' }], usage: { input: 300, output: 20, cacheRead: 100 } },
  { kind: 'text', text: 'Wrote notes/gm1.txt.', usage: { input: 350, output: 30 } },
];
const followUp: ScriptedTurn = { kind: 'text', text: 'Follow-up answered in the same session.', usage: { input: 60, output: 6 } };
const planTurns: ScriptedTurn[] = [
  { kind: 'toolCalls', calls: [{ tool: 'writeFile', path: 'notes/plan.txt', content: 'must not exist\n' }], usage: { input: 10, output: 2 } },
  { kind: 'text', text: 'Plan mode refused the write.', usage: { input: 12, output: 3 } },
];
const usageOf = (turns: readonly ScriptedTurn[]) => turns.map((t) => ('usage' in t ? t.usage : undefined));

/** The user text of a Gemini request (text parts of `user` contents). */
function geminiUserText(request: RecordedRequest | undefined): string {
  const body = request?.body as { contents?: { role?: string; parts?: { text?: string }[] }[] } | undefined;
  return (body?.contents ?? [])
    .filter((c) => c.role === 'user')
    .flatMap((c) => c.parts ?? [])
    .map((p) => p.text ?? '')
    .join('\n');
}

describe(`Gemini CLI ${cli.version} against the scripted model server`, () => {
  let server: ModelServer;
  const ws = tempWorkspace('gemini');
  beforeAll(async () => {
    if (!existsSync(cli.executable)) throw new Error(`${cli.executable} is missing: run node test/agents/installClis.mjs (npm run test:agents does)`);
    server = await startModelServer({
      conversations: [
        { marker: MARKER, turns: [...mainTurns, followUp] },
        { marker: 'TASK-gm-plan', turns: planTurns },
        // More 429s in a row than the CLI retries: it must give up and say so.
        { marker: 'TASK-gm-limit', turns: [{ kind: 'rateLimit', retryAfterSeconds: 1, times: 100 }] },
      ],
      // Side calls (none expected with a fixed model) must not add tokens the script did not plan.
      fallback: { kind: 'text', text: 'OK.', usage: { input: 0, output: 0 } },
    });
  });
  afterAll(async () => {
    await server.close();
    ws.dispose();
  });
  let sessionId: string | undefined;

  it('takes a prompt starting with "-" as text in an untrusted folder, writes the scripted file, and reports exactly the scripted tokens', async () => {
    const newSessionId = randomUUID();
    const args = geminiAdapter.headlessArgs({ prompt: PROMPT, promptFile: '', newSessionId });
    const run = await runCli(cli.executable, args, ws.repo, geminiEnv(ws.home, server.url));
    maybeRecordFixture('gemini', cli.version, undefined, run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(ws.repo, 'notes/gm1.txt'), 'utf8')).toBe('written by gemini\n');
    const requests = server.requestsFor(MARKER);
    expect(requests.map((r) => r.answered)).toEqual(['toolCalls', 'text']);
    expect(geminiUserText(requests[0])).toContain(PROMPT);

    const events = parseStdout(geminiAdapter, run.stdout);
    expect(events.filter((e) => e.kind === 'unknown' || e.kind === 'error')).toEqual([]);
    const session = events.find((e) => e.kind === 'session');
    // The session carries the id given up front with --session-id.
    expect(session).toMatchObject({ kind: 'session', sessionId: newSessionId });
    sessionId = session?.kind === 'session' ? session.sessionId : undefined;
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolCall', tool: 'write_file', target: 'notes/gm1.txt' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: true }));
    expect(events).toContainEqual({ kind: 'message', text: 'Wrote notes/gm1.txt.' });
    const summed = summedUsage(events);
    expect(summed.usage).toEqual(scriptedTotal(usageOf(mainTurns)));
    // Gemini CLI reports tokens but no price: the cost stays unknown, never invented.
    expect(summed.costUsd).toBeUndefined();
    expect(events.at(-1)).toEqual({ kind: 'done', ok: true });
  });

  it('resumes the same session with --resume <id>: the model sees the earlier conversation, usage counts only the new turn', async () => {
    expect(sessionId).toBeDefined();
    const args = geminiAdapter.headlessArgs({ prompt: '- follow up', promptFile: '', resumeSessionId: sessionId });
    const run = await runCli(cli.executable, args, ws.repo, geminiEnv(ws.home, server.url));
    maybeRecordFixture('gemini', cli.version, 'resume', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    const last = server.requestsFor(MARKER).at(-1);
    expect(last?.answered).toBe('text');
    expect(geminiUserText(last)).toContain('- follow up');
    expect(geminiUserText(last)).toContain(PROMPT);
    const events = parseStdout(geminiAdapter, run.stdout);
    expect(events.find((e) => e.kind === 'session')).toMatchObject({ sessionId });
    expect(summedUsage(events).usage).toEqual(scriptedTotal(usageOf([followUp])));
  });

  it('in read-only mode (--approval-mode plan) refuses the write and says a permission was denied', async () => {
    const args = geminiAdapter.headlessArgs({ prompt: '- TASK-gm-plan: plan it', promptFile: '', readOnly: true });
    const run = await runCli(cli.executable, args, ws.repo, geminiEnv(ws.home, server.url));
    maybeRecordFixture('gemini', cli.version, 'plan', run.stdout);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(ws.repo, 'notes/plan.txt'))).toBe(false);
    const events = parseStdout(geminiAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'toolResult', ok: false }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'needsInput' }));
  });

  it('reports a 429 it gives up on as rateLimit and a failed done', async () => {
    const args = geminiAdapter.headlessArgs({ prompt: '- TASK-gm-limit: anything', promptFile: '' });
    const run = await runCli(cli.executable, args, ws.repo, geminiEnv(ws.home, server.url, { maxAttempts: 2 }));
    maybeRecordFixture('gemini', cli.version, 'rate-limit', run.stdout);
    console.log(`gemini gave up after ${server.requestsFor('TASK-gm-limit').length} requests answered 429, exit ${String(run.code)}`);
    expect(run.code).not.toBe(0);
    const events = parseStdout(geminiAdapter, run.stdout);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'rateLimit' }));
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: false });
  });
});
