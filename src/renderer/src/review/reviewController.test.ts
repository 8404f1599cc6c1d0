import { describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../shared/board/board';
import { runSnapshot, runTask } from '../testing/boardFixtures';
import { scriptedCore, type Script } from '../testing/scriptedCore';
import { createReviewDialog, discardSummary } from './reviewController';
import { taskReview } from './reviewFixtures';

const run = runSnapshot([runTask('t1', 'merging')]);

function setup(script: Script) {
  const core = scriptedCore({ 'review.get': () => ({ ok: true, value: taskReview() }), ...script });
  const runs: RunSnapshot[] = [];
  let closed = 0;
  const dialog = createReviewDialog('t1', { request: core.request, applyRun: (value) => runs.push(value), close: () => (closed += 1) });
  return { core, dialog, runs, closed: () => closed, state: () => dialog.store.getState() };
}

describe('the review against a scripted core', () => {
  it('loads the review with its files, side by side first', async () => {
    const { dialog, state } = setup({});
    await dialog.load();
    expect(state().review?.branch).toBe('wavelane/t1');
    expect(state().mode).toBe('split');
    expect(state().review?.files.map((file) => [file.path, file.additions, file.deletions])).toEqual([
      ['src/app.ts', 2, 1],
      ['src/new.ts', 2, 0],
    ]);
    expect(state().pending).toBeNull();
  });

  it('shows why the review cannot be loaded', async () => {
    const { dialog, state } = setup({ 'review.get': () => ({ ok: false, error: { code: 'NOT_IN_REVIEW', message: 't1 is not waiting for review' } }) });
    await dialog.load();
    expect(state().loadError).toBe('t1 is not waiting for review');
  });

  it('approves, hands the run to the board and closes', async () => {
    const { core, dialog, runs, closed } = setup({ 'review.approve': () => ({ ok: true, value: run }) });
    await dialog.load();
    await dialog.approve();
    expect(core.calls.at(-1)).toEqual({ name: 'review.approve', input: { taskId: 't1' } });
    expect(runs).toEqual([run]);
    expect(closed()).toBe(1);
  });

  it('sends the follow-up prompt trimmed, and refuses an empty one without a request', async () => {
    const { core, dialog, state, closed } = setup({ 'review.requestChanges': () => ({ ok: true, value: run }) });
    await dialog.load();
    dialog.startRequest();
    dialog.setPrompt('   ');
    await dialog.sendRequest();
    expect(state().error).toBe('Write what the agent should change first.');
    expect(core.names()).toEqual(['review.get']);
    dialog.cancelRequest();
    expect(state().error).toBeNull();
    dialog.startRequest();
    dialog.setPrompt('  Add a test for y.\n');
    await dialog.sendRequest();
    expect(core.calls.at(-1)).toEqual({ name: 'review.requestChanges', input: { taskId: 't1', prompt: 'Add a test for y.' } });
    expect(closed()).toBe(1);
  });

  it('discards only after the confirmation, and keeps the dialog open with the reason when refused', async () => {
    const { core, dialog, state, closed } = setup({
      'review.discard': () => ({ ok: false, error: { code: 'NOT_IN_REVIEW', message: 't1 was already merged' } }),
    });
    await dialog.load();
    dialog.askDiscard();
    expect(state().confirmingDiscard).toBe(true);
    expect(core.names()).toEqual(['review.get']);
    await dialog.discard();
    expect(state().error).toBe('t1 was already merged');
    expect(state().confirmingDiscard).toBe(false);
    expect(closed()).toBe(0);
  });
});

describe('discardSummary', () => {
  it('names the branch, the worktree and how much work is lost', () => {
    expect(discardSummary(taskReview())).toBe(
      'The branch wavelane/t1 and its worktree are removed, with 2 changed files (+4 −1). This cannot be undone.',
    );
    expect(discardSummary(taskReview({ files: [] }))).toContain('with no file changes');
  });
});
