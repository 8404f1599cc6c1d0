import { describe, expect, it } from 'vitest';
import { conflictFile, conflictSession, resolved } from './conflictFixtures';
import {
  completeStatus,
  editorText,
  fileStatus,
  initialState,
  isLocked,
  reduce,
  workAtStake,
  type ConflictDialogEvent,
  type ConflictDialogState,
} from './conflictDialogState';

const run = (...events: ConflictDialogEvent[]): ConflictDialogState => events.reduce(reduce, initialState());
const a = conflictFile('a.txt');
const b = conflictFile('b.txt');
const c = conflictFile('c.txt');

describe('loading and selection', () => {
  it('opens the first unresolved file once the session arrives', () => {
    const state = run({ type: 'answered', session: conflictSession([resolved(a, 'user', 'x\n'), b]) });
    expect(state.selected).toBe('b.txt');
    expect(state.pending).toBeNull();
    expect(isLocked(state)).toBe(false);
  });

  it('keeps the open file across updates, and moves on when it disappears', () => {
    let state = run({ type: 'answered', session: conflictSession([a, b]) }, { type: 'select', path: 'b.txt' });
    state = reduce(state, { type: 'changed', session: conflictSession([a, b, c]) });
    expect(state.selected).toBe('b.txt');
    state = reduce(state, { type: 'changed', session: conflictSession([a, c]) });
    expect(state.selected).toBe('a.txt');
  });

  it('ignores a selection of a path the session does not have', () => {
    const state = run({ type: 'answered', session: conflictSession([a]) }, { type: 'select', path: 'zzz' });
    expect(state.selected).toBe('a.txt');
  });

  it('shows only the load error when the session cannot be loaded', () => {
    const state = run({ type: 'failed', action: 'load', message: 'Task t1 is not in conflict' });
    expect(state.loadError).toBe('Task t1 is not in conflict');
    expect(completeStatus(state)).toEqual({ enabled: false, reason: 'Task t1 is not in conflict' });
  });

  it('ignores an event about another task', () => {
    const state = run({ type: 'answered', session: conflictSession([a]) }, { type: 'changed', session: conflictSession([b], { taskId: 'other' }) });
    expect(state.session?.files.map((file) => file.path)).toEqual(['a.txt']);
  });
});

describe('drafts', () => {
  it('keeps an edit until the file is marked resolved', () => {
    let state = run({ type: 'answered', session: conflictSession([a, b]) }, { type: 'edit', path: 'a.txt', text: 'mine\n' });
    expect(editorText(state, state.session!.files[0]!)).toBe('mine\n');
    expect(fileStatus(state, state.session!.files[0]!)).toBe('edited');
    state = reduce(state, { type: 'changed', session: conflictSession([a, resolved(b, 'user', 'theirs\n')]) });
    expect(state.drafts).toEqual({ 'a.txt': 'mine\n' });
    state = reduce(state, { type: 'answered', session: conflictSession([resolved(a, 'user', 'mine\n'), resolved(b, 'user', 'theirs\n')]) });
    expect(state.drafts).toEqual({});
    expect(fileStatus(state, state.session!.files[0]!)).toBe('resolved');
  });

  it('forgets an edit typed back to the saved text', () => {
    const state = run(
      { type: 'answered', session: conflictSession([a]) },
      { type: 'edit', path: 'a.txt', text: 'x' },
      { type: 'edit', path: 'a.txt', text: a.result! },
    );
    expect(state.drafts).toEqual({});
  });
});

describe('the agent', () => {
  const running = conflictSession([a, b], { phase: 'agent-running', agent: 'claude' });

  it('locks the dialog while the agent works and says why Complete is unavailable', () => {
    const state = run({ type: 'answered', session: running });
    expect(isLocked(state)).toBe(true);
    expect(completeStatus(state)).toEqual({ enabled: false, reason: 'claude is still resolving the conflict.' });
  });

  it('opens the first file the agent settled when it finishes, and asks for a look at each', () => {
    let state = run({ type: 'answered', session: running }, { type: 'select', path: 'b.txt' });
    const done = conflictSession([resolved(a, 'agent', 'A\n'), resolved(b, 'agent', 'B\n')], { agent: 'claude' });
    state = reduce(state, { type: 'changed', session: done });
    expect(state.selected).toBe('a.txt');
    expect(fileStatus(state, done.files[0]!)).toBe('agent');
    expect(fileStatus(state, done.files[1]!)).toBe('agent-unreviewed');
    expect(completeStatus(state)).toEqual({ enabled: false, reason: "Review the agent's resolution of b.txt first." });
    state = reduce(state, { type: 'select', path: 'b.txt' });
    expect(completeStatus(state)).toEqual({ enabled: true, reason: null });
  });

  it('asks for a new look when the agent settles a file again', () => {
    let state = run({ type: 'answered', session: conflictSession([resolved(a, 'agent', 'A\n'), b]) });
    expect(state.reviewed).toEqual(['a.txt']);
    state = reduce(state, { type: 'select', path: 'b.txt' });
    state = reduce(state, { type: 'changed', session: conflictSession([resolved(a, 'agent', 'A2\n'), b]) });
    expect(state.reviewed).toEqual([]);
  });
});

describe('completeStatus', () => {
  it('names the files still to resolve, a few at most', () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((name) => conflictFile(`${name}.txt`));
    const state = run({ type: 'answered', session: conflictSession([resolved(files[0]!, 'user', 'x\n'), ...files.slice(1)]) });
    expect(completeStatus(state)).toEqual({ enabled: false, reason: '4 files still to resolve: b.txt, c.txt, d.txt and 1 more.' });
  });

  it('says one file in the singular', () => {
    const state = run({ type: 'answered', session: conflictSession([resolved(a, 'user', 'x\n'), b]) });
    expect(completeStatus(state).reason).toBe('1 file still to resolve: b.txt.');
  });

  it('waits for edits of a resolved file to be marked resolved again', () => {
    const state = run({ type: 'answered', session: conflictSession([resolved(a, 'user', 'x\n')]) }, { type: 'edit', path: 'a.txt', text: 'y\n' });
    expect(completeStatus(state)).toEqual({ enabled: false, reason: 'Edits not marked resolved in a.txt.' });
  });

  it('is enabled once every file is settled, and not while a step is on its way', () => {
    let state = run({ type: 'answered', session: conflictSession([resolved(a, 'user', 'x\n'), resolved(b, 'user')]) });
    expect(completeStatus(state)).toEqual({ enabled: true, reason: null });
    state = reduce(state, { type: 'started', action: 'complete' });
    expect(completeStatus(state).enabled).toBe(false);
    expect(isLocked(state)).toBe(true);
  });
});

describe('workAtStake', () => {
  it('counts settled files and edited ones once each', () => {
    let state = run({ type: 'answered', session: conflictSession([resolved(a, 'user', 'x\n'), b, c]) });
    expect(workAtStake(state)).toBe(1);
    state = reduce(state, { type: 'edit', path: 'b.txt', text: 'y\n' });
    state = reduce(state, { type: 'edit', path: 'a.txt', text: 'z\n' });
    expect(workAtStake(state)).toBe(2);
  });
});
