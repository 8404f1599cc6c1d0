import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConflictSession } from '../../../shared/conflicts/conflict';
import { MergeQueue } from '../merge/mergeQueue';
import { makeTempDir } from '../testing/tempRepo';
import { applyHunk } from './conflictMarkers';
import { resolutionStorePath } from '../storage/resolutionStore';
import { TaskConflict, type AskAgentOptions } from './taskConflict';
import { createConflictFixture, snapshotCheckout, type ConflictFixture } from './testing/conflictFixture';

describe('TaskConflict: the dialog end to end (real repositories, real pty, real merge queue)', () => {
  let cf: ConflictFixture | undefined;
  let scratch: string | undefined;
  const disposables: Array<{ dispose(): void }> = [];
  afterEach(async () => {
    for (const item of disposables.splice(0)) item.dispose();
    await cf?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    cf = scratch = undefined;
  });

  async function setup() {
    cf = await createConflictFixture({
      base: { 'a.txt': 'a\nb\nc\n', 'img.bin': Buffer.from([0, 1]) },
      task: { 'a.txt': 'a\nTASK\nc\n', 'img.bin': Buffer.from([0, 2]) },
      target: [{ 'a.txt': 'a\nMAIN\nc\n', 'img.bin': Buffer.from([0, 3]) }],
    });
    scratch = await makeTempDir('wavelane-taskconflict-');
    return cf;
  }

  async function open(c: ConflictFixture) {
    const opened = await TaskConflict.open(c.options());
    if (!opened.ok) throw new Error(opened.error.message);
    disposables.push(opened.value);
    const changes: ConflictSession[] = [];
    opened.value.onDidChange((session) => changes.push(session));
    return { conflict: opened.value, changes };
  }

  async function agent(script: string[]): Promise<AskAgentOptions> {
    const file = path.join(scratch!, 'agent.sh');
    await writeFile(file, script.join('\n'));
    return {
      profile: { id: 'fixer', command: 'bash', args: [file, '{promptFile}'] },
      logPath: path.join(scratch!, 'resolve.log'),
      promptFile: path.join(scratch!, 'resolve.prompt.txt'),
    };
  }

  it('resolves file by file, survives a restart, completes, and the merge queue then lands it and passes verify', async () => {
    const c = await setup();
    const { conflict, changes } = await open(c);
    const text = conflict.session.files.find((file) => file.path === 'a.txt')!;
    expect(conflict.session).toMatchObject({ taskId: 't1', branch: c.branch, target: 'main', phase: 'open', agent: null });
    expect(text.hunksLeft).toBe(1);

    // Refusals: markers left (file and line), text for a binary file, a path that is not conflicted.
    const withMarkers = await conflict.resolveFile('a.txt', { kind: 'content', text: text.result! });
    expect(withMarkers).toMatchObject({ ok: false, error: { code: 'INVALID_RESOLUTION', where: 'a.txt:2' } });
    expect(await conflict.resolveFile('img.bin', { kind: 'content', text: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_RESOLUTION' } });
    expect(await conflict.resolveFile('nope.txt', { kind: 'ours' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(changes).toHaveLength(0);

    const both = applyHunk(text.result!, 0, 'both');
    if (!both.ok) throw new Error(both.error.message);
    const resolved = await conflict.resolveFile('a.txt', { kind: 'content', text: both.value });
    if (!resolved.ok) throw new Error(resolved.error.message);
    expect(resolved.value.files.find((file) => file.path === 'a.txt')).toMatchObject({ hunksLeft: 0, resolvedBy: 'user', result: 'a\nMAIN\nTASK\nc\n' });
    expect(changes.at(-1)).toEqual(resolved.value);

    // A restart: the half-done resolution is still there.
    conflict.dispose();
    const { conflict: reopened } = await open(c);
    expect(reopened.session.files.find((file) => file.path === 'a.txt')?.resolution).toEqual({ kind: 'content', text: 'a\nMAIN\nTASK\nc\n' });
    expect(await reopened.complete()).toMatchObject({ ok: false, error: { code: 'UNRESOLVED', details: ['img.bin'] } });
    expect((await reopened.resolveFile('img.bin', { kind: 'theirs' })).ok).toBe(true);
    const done = await reopened.complete();
    if (!done.ok) throw new Error(done.error.message);
    expect(reopened.session.phase).toBe('completed');
    expect(existsSync(resolutionStorePath(c.fx.commonDir, 't1'))).toBe(false);
    expect(await reopened.resolveFile('a.txt', { kind: 'ours' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // Back into the merge queue: it merges cleanly and verify passes on the merged tree.
    const queue = new MergeQueue({ repo: c.fx.repo.dir, commonDir: c.fx.commonDir, target: 'main', checkoutPollMs: 30 });
    disposables.push(queue);
    const outcome = await queue.enqueue({ ...c.request, verify: { command: 'grep -q MAIN a.txt && grep -q TASK a.txt' } });
    expect(outcome).toMatchObject({ status: 'merged', verify: { passed: true } });
    expect(await readFile(path.join(c.fx.repo.dir, 'a.txt'), 'utf8')).toBe('a\nMAIN\nTASK\nc\n');
    expect([...(await readFile(path.join(c.fx.repo.dir, 'img.bin')))]).toEqual([0, 2]);
    await queue.whenIdle();
  });

  it("Ask agent: the phase follows the agent, its work comes back for review, and the commit says the agent resolved it", async () => {
    const c = await setup();
    const { conflict, changes } = await open(c);
    const before = await snapshotCheckout(c.worktree);
    const options = await agent(["printf 'a\\nMAIN\\nTASK\\nc\\n' > a.txt", 'git show main:img.bin > img.bin', 'sleep 0.3']);
    const started = await conflict.askAgent(options);
    if (!started.ok) throw new Error(started.error.message);
    expect(conflict.session).toMatchObject({ phase: 'agent-running', agent: 'fixer' });
    expect(await conflict.resolveFile('a.txt', { kind: 'ours' })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    await conflict.whenAgentDone();
    expect(conflict.session).toMatchObject({ phase: 'open', agent: null });
    // A clean finish is no error: the files it settled say so in the file list.
    expect(conflict.session.message).toBeNull();
    expect(conflict.session.files.map((file) => [file.path, file.resolution, file.resolvedBy])).toEqual([
      ['a.txt', { kind: 'content', text: 'a\nMAIN\nTASK\nc\n' }, 'agent'],
      ['img.bin', { kind: 'ours' }, 'agent'],
    ]);
    expect(changes.map((session) => session.phase)).toEqual(['agent-running', 'open']);
    expect(await snapshotCheckout(c.worktree)).toEqual(before);

    const done = await conflict.complete();
    if (!done.ok) throw new Error(done.error.message);
    expect((await c.fx.repo.git('log', '-1', '--format=%(trailers:key=Resolved-By,valueonly)', c.branch)).trim()).toBe('agent (fixer)');
  });

  it('Ask agent: what the agent did not settle is the message, naming the files', async () => {
    const c = await setup();
    const { conflict } = await open(c);
    const started = await conflict.askAgent(await agent(["printf 'a\\nMAIN\\nTASK\\nc\\n' > a.txt", 'echo stray > stray.txt']));
    if (!started.ok) throw new Error(started.error.message);
    await conflict.whenAgentDone();
    expect(conflict.session.phase).toBe('open');
    expect(conflict.session.message).toBe('fixer finished, but left unresolved: img.bin; files it created were removed: stray.txt');
    expect(conflict.session.files.map((file) => [file.path, file.resolvedBy])).toEqual([
      ['a.txt', 'agent'],
      ['img.bin', null],
    ]);
  });

  it('after a restart during an agent run, open collects what the agent left and restores the worktree', async () => {
    const c = await setup();
    const { conflict } = await open(c);
    const before = await snapshotCheckout(c.worktree);
    const started = await conflict.askAgent(await agent(["printf 'a\\nMAIN\\nTASK\\nc\\n' > a.txt", 'echo written', 'sleep 60']));
    if (!started.ok) throw new Error(started.error.message);
    const deadline = Date.now() + 15_000;
    while (!(await readFile(path.join(c.worktree, 'a.txt'), 'utf8')).includes('TASK\nc') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The app goes away with the agent running: the merge stays in the worktree, recorded.
    conflict.dispose();
    await started.value.exited;
    expect((await snapshotCheckout(c.worktree)).merging).toBe(true);

    const { conflict: reopened } = await open(c);
    expect(reopened.session.message).toContain('The agent was interrupted');
    expect(reopened.session.files.find((file) => file.path === 'a.txt')).toMatchObject({ resolvedBy: 'agent', resolution: { kind: 'content' } });
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });

  it('Abort leaves everything as it was and ends the session', async () => {
    const c = await setup();
    const before = { worktree: await snapshotCheckout(c.worktree), main: await snapshotCheckout(c.fx.repo.dir) };
    const { conflict } = await open(c);
    await conflict.resolveFile('img.bin', { kind: 'ours' });
    const aborted = await conflict.abort();
    expect(aborted).toEqual({ ok: true, value: null });
    expect(conflict.session.phase).toBe('aborted');
    expect({ worktree: await snapshotCheckout(c.worktree), main: await snapshotCheckout(c.fx.repo.dir) }).toEqual(before);
    expect(existsSync(resolutionStorePath(c.fx.commonDir, 't1'))).toBe(false);
    expect(await conflict.complete()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
