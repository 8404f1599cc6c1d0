import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { branchComponentProblem } from '../../../shared/plan/branchComponent';
import { isValidId } from '../../../shared/plan/planId';

/** Asks the real git whether `wavelane/<id>` can name a branch (outside any repository, so no `@{-1}` expansion). */
function gitAccepts(id: string): boolean {
  const run = spawnSync('git', ['check-ref-format', '--branch', `wavelane/${id}`], { cwd: tmpdir(), encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0;
}

/** Names that sit on every rule of `git help check-ref-format`, and near misses that git accepts. */
const TRICKY = [
  'a..b', 'x.lock', 'e.', 'a.lock', '.a', 'a...b', 'a.lock.b', 'a.LOCK', 'lock', '.lock', 'a.b', 'a-', '-a', 'a_',
  'A.B-c_d', '1', 'a@{b', 'a@b', '@', 'a@', 'a b', 'a~b', 'a^b', 'a:b', 'a?b', 'a*b', 'a[b', 'a]b', 'a\\b', 'a\tb',
  'a\u007fb', 'a\u0001', 'é', 'a{b', 'a}b', 'HEAD', 'a.', 'a..', 'a/b', 'a//b', '/a', 'a/', '',
];

describe('ids as git branch components', () => {
  it('judges the last component of a branch name exactly as `git check-ref-format --branch` does', () => {
    for (const id of TRICKY) {
      // A slash makes more than one component; the component rule refuses it, git judges the parts.
      if (id.includes('/')) {
        expect(branchComponentProblem(id), id).not.toBeNull();
        continue;
      }
      expect({ id, accepted: branchComponentProblem(id) === null }).toEqual({ id, accepted: gitAccepts(id) });
    }
  });

  it('accepts as an id only what git accepts as a branch name', () => {
    for (const id of TRICKY.filter(isValidId)) expect({ id, accepted: gitAccepts(id) }).toEqual({ id, accepted: true });
    for (const id of ['a..b', 'x.lock', 'e.', 'a.lock']) expect(isValidId(id), id).toBe(false);
  });
});
