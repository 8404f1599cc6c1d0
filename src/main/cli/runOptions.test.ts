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
  ])('refuses %j with a message naming the flag', (extra, message) => {
    expect(() => parseRunOptions(['--plan', 'p.json', ...extra])).toThrow(message);
  });

  it('requires --plan and refuses unknown flags', () => {
    expect(() => parseRunOptions([])).toThrow(UsageError);
    expect(() => parseRunOptions(['--plan', 'p', '--paralel', '2'])).toThrow(/paralel/);
  });
});
