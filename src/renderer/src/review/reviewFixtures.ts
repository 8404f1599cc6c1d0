import type { TaskReview } from '../../../shared/conflicts/conflict';

/** A review for tests and visual checks: two files, one modified and one added, with their diff. */
export function taskReview(extra: Partial<TaskReview> = {}): TaskReview {
  return {
    taskId: 't1',
    title: 'Task t1',
    branch: 'wavelane/t1',
    base: '1111111111111111111111111111111111111111',
    head: '2222222222222222222222222222222222222222',
    files: [
      { path: 'src/app.ts', status: 'modified', binary: false, additions: 2, deletions: 1 },
      { path: 'src/new.ts', status: 'added', binary: false, additions: 2, deletions: 0 },
    ],
    diff: [
      'diff --git a/src/app.ts b/src/app.ts',
      'index 1111111..2222222 100644',
      '--- a/src/app.ts',
      '+++ b/src/app.ts',
      '@@ -1,3 +1,4 @@',
      ' import { a } from "./a";',
      '-export const x = 1;',
      '+export const x = 2;',
      '+export const y = 3;',
      ' export default a;',
      'diff --git a/src/new.ts b/src/new.ts',
      'new file mode 100644',
      'index 0000000..3333333',
      '--- /dev/null',
      '+++ b/src/new.ts',
      '@@ -0,0 +1,2 @@',
      '+export const created = true;',
      '+export const answer = 42;',
      '',
    ].join('\n'),
    truncated: false,
    ...extra,
  };
}
