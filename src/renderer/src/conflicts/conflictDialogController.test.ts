import { describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../shared/board/board';
import type { ConflictSession } from '../../../shared/conflicts/conflict';
import { runSnapshot, runTask } from '../testing/boardFixtures';
import { scriptedCore, type Script } from '../testing/scriptedCore';
import { conflictFile, conflictSession, resolved } from './conflictFixtures';
import { createConflictDialog } from './conflictDialogController';

const refused = <C extends string>(code: C, message: string) => ({ ok: false as const, error: { code, message } });
const answer = (session: ConflictSession) => ({ ok: true as const, value: session });

function setup(script: Script) {
  const core = scriptedCore(script);
  const runs: RunSnapshot[] = [];
  let closed = 0;
  const dialog = createConflictDialog('t1', {
    request: core.request,
    applyRun: (run) => runs.push(run),
    close: () => (closed += 1),
  });
  return { core, dialog, runs, closed: () => closed, state: () => dialog.store.getState() };
}

const a = conflictFile('a.txt');
const b = conflictFile('b.txt', { kind: 'binary', binary: true, base: null, ours: null, theirs: null, result: null });

describe('the conflict dialog against a scripted core', () => {
  it('loads the session and resolves a file with the text the user wrote', async () => {
    const { core, dialog, state } = setup({
      'conflict.get': () => answer(conflictSession([a, b])),
      'conflict.resolveFile': (input) => answer(conflictSession([resolved(a, 'user', (input.resolution as { text: string }).text), b])),
    });
    await dialog.load();
    expect(state().selected).toBe('a.txt');
    dialog.edit('a.txt', 'one\nTWO both\nthree\n');
    await dialog.resolveFile('a.txt', { kind: 'content', text: 'one\nTWO both\nthree\n' });
    expect(core.calls[1]).toEqual({
      name: 'conflict.resolveFile',
      input: { taskId: 't1', path: 'a.txt', resolution: { kind: 'content', text: 'one\nTWO both\nthree\n' } },
    });
    expect(state().drafts).toEqual({});
    expect(state().selected).toBe('a.txt');
    expect(state().session?.files[0]?.resolvedBy).toBe('user');
  });

  it('shows why a step was refused and keeps the state as it was', async () => {
    const { dialog, state } = setup({
      'conflict.get': () => answer(conflictSession([a])),
      'conflict.resolveFile': () => refused('INVALID_RESOLUTION', 'a.txt still has conflict markers at line 2'),
    });
    await dialog.load();
    await dialog.resolveFile('a.txt', { kind: 'content', text: '<<<<<<< x\n' });
    expect(state().error).toBe('a.txt still has conflict markers at line 2');
    expect(state().pending).toBeNull();
    expect(state().session?.files[0]?.resolution).toBeNull();
  });

  it('asks the chosen agent and follows its progress through events', async () => {
    const { core, dialog, state } = setup({
      'conflict.get': () => answer(conflictSession([a])),
      'conflict.askAgent': () => answer(conflictSession([a], { phase: 'agent-running', agent: 'codex' })),
    });
    await dialog.load();
    await dialog.askAgent('codex');
    expect(core.calls[1]).toEqual({ name: 'conflict.askAgent', input: { taskId: 't1', agent: 'codex' } });
    expect(state().session?.phase).toBe('agent-running');
    dialog.onChanged(conflictSession([resolved(a, 'agent', 'merged\n')], { agent: 'codex' }));
    expect(state().session?.phase).toBe('open');
    expect(state().selected).toBe('a.txt');
    expect(state().reviewed).toEqual(['a.txt']);
  });

  it('asks the default agent when none is chosen', async () => {
    const { core, dialog } = setup({ 'conflict.askAgent': () => answer(conflictSession([a], { phase: 'agent-running' })) });
    await dialog.askAgent(null);
    expect(core.calls).toEqual([{ name: 'conflict.askAgent', input: { taskId: 't1' } }]);
  });

  it('completes the merge, hands the run to the board and closes', async () => {
    const run = runSnapshot([runTask('t1', 'merging')]);
    const { core, dialog, runs, closed } = setup({
      'conflict.get': () => answer(conflictSession([resolved(a, 'user', 'x\n')])),
      'conflict.complete': () => ({ ok: true, value: run }),
    });
    await dialog.load();
    await dialog.complete();
    expect(core.names()).toEqual(['conflict.get', 'conflict.complete']);
    expect(runs).toEqual([run]);
    expect(closed()).toBe(1);
  });

  it('stays open after a failed completion and shows where the core is now', async () => {
    let calls = 0;
    const { dialog, state, closed } = setup({
      'conflict.get': () => {
        calls += 1;
        return answer(conflictSession([calls === 1 ? resolved(a, 'user', 'x\n') : a], { message: calls === 1 ? null : 'main moved: a.txt conflicts again' }));
      },
      'conflict.complete': () => refused('GIT_FAILED', 'git commit failed in /repo/.wavelane/t1'),
    });
    await dialog.load();
    await dialog.complete();
    expect(closed()).toBe(0);
    expect(state().error).toBe('main moved: a.txt conflicts again');
    expect(state().session?.files[0]?.resolution).toBeNull();
  });

  it('aborts at once when nothing would be lost', async () => {
    const { core, dialog, closed } = setup({ 'conflict.get': () => answer(conflictSession([a])), 'conflict.abort': () => ({ ok: true, value: null }) });
    await dialog.load();
    await dialog.abort();
    expect(core.names()).toEqual(['conflict.get', 'conflict.abort']);
    expect(closed()).toBe(1);
  });

  it('asks before aborting settled work, and sends nothing when the user keeps it', async () => {
    const { core, dialog, state, closed } = setup({
      'conflict.get': () => answer(conflictSession([resolved(a, 'user', 'x\n')])),
      'conflict.abort': () => ({ ok: true, value: null }),
    });
    await dialog.load();
    await dialog.abort();
    expect(state().confirming).toBe('abort');
    expect(core.names()).toEqual(['conflict.get']);
    dialog.cancelConfirm();
    expect(state().confirming).toBeNull();
    await dialog.abort();
    await dialog.abort();
    expect(core.names()).toEqual(['conflict.get', 'conflict.abort']);
    expect(closed()).toBe(1);
  });

  it('closes without asking unless there are unsaved edits', async () => {
    const { dialog, state, closed } = setup({ 'conflict.get': () => answer(conflictSession([a])) });
    await dialog.load();
    dialog.edit('a.txt', 'half done');
    dialog.close();
    expect(state().confirming).toBe('close');
    expect(closed()).toBe(0);
    dialog.close();
    expect(closed()).toBe(1);
  });

  it('closes when another window completes or aborts the session', async () => {
    const { dialog, closed } = setup({ 'conflict.get': () => answer(conflictSession([a])) });
    await dialog.load();
    dialog.onChanged(conflictSession([a], { taskId: 'someone-else', phase: 'aborted' }));
    expect(closed()).toBe(0);
    dialog.onChanged(conflictSession([a], { phase: 'completed' }));
    expect(closed()).toBe(1);
  });
});
