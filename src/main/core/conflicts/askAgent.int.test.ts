import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../../shared/plan/plan';
import { RUN_ID } from '../merge/testing/taskFixture';
import { makeTempDir } from '../testing/tempRepo';
import { cancelAgentResolution, collectAgentResolution, startAgentResolution, type StartAgentResolutionInput } from './askAgent';
import { ResolutionStore } from '../storage/resolutionStore';
import { createConflictFixture, snapshotCheckout, type ConflictFixture } from './testing/conflictFixture';

/** A scripted agent: bash runs `script` with the prompt file as its argument, in the worktree. */
async function scriptedProfile(dir: string, script: string): Promise<AgentProfile> {
  const file = path.join(dir, 'agent.sh');
  await writeFile(file, script);
  return { id: 'fixer', command: 'bash', args: [file, '{promptFile}'] };
}

describe('askAgent (real worktree, real pty)', () => {
  let cf: ConflictFixture | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await cf?.cleanup();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    cf = scratch = undefined;
  });

  async function setup() {
    cf = await createConflictFixture({
      base: { 'a.txt': 'a\nb\n', 'b.txt': 'x\ny\n', 'other.txt': 'o\n', 'img.bin': Buffer.from([0, 1]), 'd.txt': 'd\n' },
      task: { 'a.txt': 'a\nTASK\n', 'b.txt': 'x\nTASK\n', 'img.bin': Buffer.from([0, 2]), 'd.txt': 'task changed\n' },
      target: [{ 'a.txt': 'a\nMAIN\n', 'b.txt': 'x\nMAIN\n', 'img.bin': Buffer.from([0, 3]), 'd.txt': null }],
    });
    scratch = await makeTempDir('wavelane-askagent-');
    const store = await ResolutionStore.load(cf.fx.commonDir, 't1');
    if (!store.ok) throw new Error(store.error.message);
    return { c: cf, dir: scratch, store: store.value };
  }

  const input = (c: ConflictFixture, dir: string, store: ResolutionStore, profile: AgentProfile): StartAgentResolutionInput => ({
    worktree: c.worktree,
    branch: c.branch,
    target: 'main',
    task: { id: 't1', title: 'Greet in two languages', prompt: 'Add the greeting.' },
    profile,
    runId: RUN_ID,
    logPath: path.join(dir, 't1.resolve.log'),
    promptFile: path.join(dir, 't1.resolve.prompt.txt'),
    store,
  });

  it("turns the agent's work into proposals, file by file, and leaves the worktree exactly as it was", async () => {
    const { c, dir, store } = await setup();
    const before = await snapshotCheckout(c.worktree);
    const profile = await scriptedProfile(
      dir,
      [
        'set -e',
        // The prompt names the files, the intent and the rule.
        'grep -q "^- a.txt: changed on both sides" "$1"',
        'grep -q "Greet in two languages" "$1"',
        'grep -q "Keep both sides" "$1"',
        'grep -q "^>>>>>>> main" a.txt',
        "printf 'a\\nMAIN\\nTASK\\n' > a.txt", // resolved
        'rm d.txt', // the deletion side of delete/modify
        'echo scratch > notes.log', // a file of its own: removed afterwards
        'echo edited >> other.txt', // outside the conflict: discarded
        'echo agent done',
        // b.txt keeps its markers; img.bin stays as git left it.
      ].join('\n'),
    );
    const started = await startAgentResolution(input(c, dir, store, profile));
    if (!started.ok) throw new Error(started.error.message);
    expect(store.agentRun?.profile).toBe('fixer');
    const exit = await started.value.session.exited;
    expect(exit.exitCode).toBe(0);
    expect(await readFile(path.join(dir, 't1.resolve.log'), 'utf8')).toContain('agent done');

    const collected = await collectAgentResolution({ worktree: c.worktree, branch: c.branch, store });
    if (!collected.ok) throw new Error(collected.error.message);
    expect(collected.value).toEqual({
      proposed: ['a.txt', 'd.txt'],
      unresolved: ['b.txt', 'img.bin'],
      ignored: ['other.txt'],
      removed: ['notes.log'],
    });
    expect(store.get('a.txt')).toMatchObject({ resolution: { kind: 'content', text: 'a\nMAIN\nTASK\n' }, resolvedBy: 'agent', agent: 'fixer' });
    expect(store.get('d.txt')).toMatchObject({ resolution: { kind: 'delete' }, resolvedBy: 'agent' });
    expect(store.get('b.txt')).toMatchObject({ resolution: null, resolvedBy: 'agent' });
    expect(store.get('b.txt')?.draft).toContain('>>>>>>> main');
    expect(store.get('img.bin')).toMatchObject({ resolution: null });
    expect(store.agentRun).toBeNull();
    // Nothing reached the task branch or the worktree: it is exactly the task's commit again.
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
    // And the proposals were saved: a restart finds them.
    const reloaded = await ResolutionStore.load(c.fx.commonDir, 't1');
    expect(reloaded.ok && reloaded.value.get('a.txt')?.resolution).toEqual({ kind: 'content', text: 'a\nMAIN\nTASK\n' });
  });

  it("reports a side's exact version as that side (not as edited text)", async () => {
    const { c, dir, store } = await setup();
    const profile = await scriptedProfile(dir, ['git show main:a.txt > a.txt', 'git show HEAD:b.txt > b.txt'].join('\n'));
    const started = await startAgentResolution(input(c, dir, store, profile));
    if (!started.ok) throw new Error(started.error.message);
    await started.value.session.exited;
    const collected = await collectAgentResolution({ worktree: c.worktree, branch: c.branch, store });
    expect(collected.ok).toBe(true);
    expect(store.get('a.txt')?.resolution).toEqual({ kind: 'ours' });
    expect(store.get('b.txt')?.resolution).toEqual({ kind: 'theirs' });
  });

  it('cancel kills the agent and undoes its merge, keeping nothing', async () => {
    const { c, dir, store } = await setup();
    const before = await snapshotCheckout(c.worktree);
    const profile = await scriptedProfile(dir, ["printf 'half\\n' > a.txt", 'echo started', 'sleep 60'].join('\n'));
    const started = await startAgentResolution(input(c, dir, store, profile));
    if (!started.ok) throw new Error(started.error.message);
    const deadline = Date.now() + 15_000;
    while (!(await readFile(path.join(c.worktree, 'a.txt'), 'utf8')).startsWith('half') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const cancelled = await cancelAgentResolution({ session: started.value.session, worktree: c.worktree, branch: c.branch, store });
    expect(cancelled.ok).toBe(true);
    expect(started.value.session.running).toBe(false);
    expect(store.agentRun).toBeNull();
    expect(store.entries()).toEqual([]);
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
  });

  it('refuses a prompt file inside the worktree and a missing agent command, changing nothing', async () => {
    const { c, dir, store } = await setup();
    const before = await snapshotCheckout(c.worktree);
    const inside = await startAgentResolution({ ...input(c, dir, store, await scriptedProfile(dir, 'true')), promptFile: path.join(c.worktree, 'p.txt') });
    expect(inside).toMatchObject({ ok: false, error: { code: 'AGENT_UNAVAILABLE' } });
    const missing = await startAgentResolution(input(c, dir, store, { id: 'ghost', command: 'wavelane-no-such-agent', args: [] }));
    expect(missing).toMatchObject({ ok: false, error: { code: 'AGENT_UNAVAILABLE', where: 'wavelane-no-such-agent' } });
    expect(store.agentRun).toBeNull();
    expect(existsSync(store.file)).toBe(false);
    expect(await snapshotCheckout(c.worktree)).toEqual(before);
    expect(existsSync(path.join(c.worktree, 'p.txt'))).toBe(false);
  });
});
