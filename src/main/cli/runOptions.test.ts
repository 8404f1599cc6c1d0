import { describe, expect, it } from 'vitest';
import { UsageError } from './UsageError';
import { parseRunOptions } from './runOptions';

describe('parseRunOptions', () => {
  it('applies the documented defaults and resolves paths against the working folder', () => {
    expect(parseRunOptions(['--plan', 'p.json'], '/work')).toEqual({
      plan: '/work/p.json',
      repo: '/work',
      maxParallel: 3,
      target: null,
      strategy: 'eager',
      verify: null,
      retries: null,
      agent: null,
      strictFiles: false,
      keepBranches: false,
      worktreeRoot: null,
      resourceGuard: true,
      budgetUsd: null,
      budgetTokens: null,
      maxPerAgent: {},
      json: false,
    });
  });

  it('reads every flag of the CLI contract', () => {
    const options = parseRunOptions(
      ['--plan', '/p.json', '--repo', 'r', '--max-parallel', '8', '--target', 'dev', '--strategy', 'waves', '--verify', 'npm test',
        '--retries', '2', '--agent', 'codex', '--strict-files', '--keep-branches', '--worktree-root', '/wt', '--no-resource-guard', '--json'],
      '/w',
    );
    expect(options).toMatchObject({ plan: '/p.json', repo: '/w/r', maxParallel: 8, target: 'dev', strategy: 'waves', verify: 'npm test',
      retries: 2, agent: 'codex', strictFiles: true, keepBranches: true, worktreeRoot: '/wt', resourceGuard: false, json: true });
  });

  it.each([
    [['--max-parallel', '0'], /--max-parallel must be a whole number from 1 to 64/],
    [['--max-parallel', 'two'], /not "two"/],
    [['--strategy', 'fast'], /--strategy must be "eager" or "waves"/],
    [['--retries', '-1'], /--retries/],
    [['--target', ' '], /--target must name a branch/],
    [['--budget-usd', '0'], /--budget-usd must be a positive number/],
    [['--budget-usd', '$5'], /--budget-usd/],
    [['--budget-tokens', '1.5'], /--budget-tokens must be a whole number/],
    [['--max-per-agent', 'claude-code'], /--max-per-agent takes PROFILE=N/],
    [['--max-per-agent', 'claude-code=0'], /--max-per-agent claude-code must be a whole number from 1/],
    [['--max-per-agent', 'codex=1', '--max-per-agent', 'codex=2'], /names codex twice/],
  ])('refuses %j with a message naming the flag', (extra, message) => {
    expect(() => parseRunOptions(['--plan', 'p.json', ...extra])).toThrow(message);
  });

  it('reads the run budget and the per-profile caps', () => {
    const options = parseRunOptions(
      ['--plan', 'p.json', '--budget-usd', '2.50', '--budget-tokens', '400000', '--max-per-agent', 'claude-code=2', '--max-per-agent', 'codex=1'],
      '/w',
    );
    expect(options).toMatchObject({ budgetUsd: 2.5, budgetTokens: 400_000, maxPerAgent: { 'claude-code': 2, codex: 1 } });
  });

  it('requires --plan and refuses unknown flags', () => {
    expect(() => parseRunOptions([])).toThrow(UsageError);
    expect(() => parseRunOptions(['--plan', 'p', '--paralel', '2'])).toThrow(/paralel/);
  });
});
