import { describe, expect, it } from 'vitest';
import { requests } from '../contract';
import { MAX_RETRIES, MAX_TITLE_LENGTH } from '../limits';
import { planSchema, taskSchema } from './planSchema';

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);

describe('the one plan schema', () => {
  it('refuses ids that cannot name a branch in plans, board edits and board moves, naming the id and where', () => {
    const plan = { version: 1, tasks: [{ id: 'a..b', title: 't', prompt: 'p', dependsOn: ['x.lock'] }] };
    expect(messages(planSchema.safeParse(plan))).toEqual([
      'tasks.0.id: "a..b" contains "..", so it cannot name a git branch (wavelane/<id>)',
      'tasks.0.dependsOn.0: "x.lock" ends with ".lock", so it cannot name a git branch (wavelane/<id>)',
    ]);
    expect(messages(requests['board.saveTask'].input.safeParse({ task: { id: 'e.', title: 't', prompt: 'p' } }))).toEqual([
      'task.id: "e." ends with ".", so it cannot name a git branch (wavelane/<id>)',
    ]);
    expect(messages(requests['board.moveTask'].input.safeParse({ id: 'a.lock', to: 'runParallel', index: 0 }))).toEqual([
      'id: "a.lock" ends with ".lock", so it cannot name a git branch (wavelane/<id>)',
    ]);
  });

  it('applies the named limits to plan files and board inputs alike', () => {
    const task = { id: 't', title: 'x'.repeat(MAX_TITLE_LENGTH + 1), prompt: 'p', retries: MAX_RETRIES + 1 };
    const expected = [`title: must be at most ${MAX_TITLE_LENGTH} characters`, `retries: must be a whole number from 0 to ${MAX_RETRIES}`];
    expect(messages(taskSchema.safeParse(task))).toEqual(expected);
    expect(messages(requests['board.saveTask'].input.safeParse({ task }))).toEqual(expected.map((line) => `task.${line}`));
  });
});
