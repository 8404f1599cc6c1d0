import { describe, expect, it } from 'vitest';
import type { AgentProfile } from '../../../shared/plan/plan';
import { expandProfile, type PromptContext } from './expandProfile';

const context: PromptContext = {
  prompt: 'Fix the bug in {taskId}; say "hi" && $(rm -rf /)\nthen `stop`',
  promptFile: '/state/run/t-1.attempt-1.prompt.txt',
  taskId: 't-1',
  title: 'Fix it',
};

describe('expandProfile', () => {
  it('replaces placeholders inside single argv entries, never splitting or joining them', () => {
    const profile: AgentProfile = {
      id: 'p',
      command: 'agent',
      args: ['--task={taskId}', '{prompt}', '--file', '{promptFile}', 'title: {title} ({taskId})'],
    };
    const expanded = expandProfile(profile, context);
    expect(expanded).toEqual({
      ok: true,
      value: {
        command: 'agent',
        args: ['--task=t-1', context.prompt, '--file', context.promptFile, 'title: Fix it (t-1)'],
        env: {},
      },
    });
  });

  it('does not expand placeholder-like text inside substituted values (one pass)', () => {
    const expanded = expandProfile({ id: 'p', command: 'a', args: ['{prompt}'] }, { ...context, prompt: '{taskId} {title} $1 $& $$' });
    expect(expanded.ok && expanded.value.args).toEqual(['{taskId} {title} $1 $& $$']);
  });

  it('reports unknown placeholders by profile and argument, and leaves other braces alone', () => {
    const bad = expandProfile({ id: 'typo', command: 'a', args: ['ok', '--f={promtFile}', '{Prompt}'] }, context);
    expect(bad).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PLACEHOLDER', where: 'agents.typo.args[1]' } });
    expect(!bad.ok && bad.error.details).toEqual(['args[1]: {promtFile}', 'args[2]: {Prompt}']);
    expect(!bad.ok && bad.error.message).toContain('typo');
    const literal = expandProfile({ id: 'p', command: 'a', args: ['{"a":1}', '{}', '{ prompt }', '{1x}'] }, context);
    expect(literal.ok && literal.value.args).toEqual(['{"a":1}', '{}', '{ prompt }', '{1x}']);
  });

  it('copies env and args, so the profile is never changed', () => {
    const profile: AgentProfile = { id: 'p', command: 'a', args: ['{title}'], env: { A: '1' } };
    const expanded = expandProfile(profile, context);
    if (!expanded.ok) throw new Error('unexpected');
    expanded.value.env.B = '2';
    expanded.value.args.push('x');
    expect(profile).toEqual({ id: 'p', command: 'a', args: ['{title}'], env: { A: '1' } });
    expect(expandProfile({ id: 'bare', command: 'a' }, context)).toEqual({ ok: true, value: { command: 'a', args: [], env: {} } });
  });
});
