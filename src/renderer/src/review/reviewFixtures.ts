import type { TaskReview } from '../../../shared/contract/review';

/** A review for tests and visual checks: a modified file, an added one, and a binary one, with their texts. */
export function taskReview(extra: Partial<TaskReview> = {}): TaskReview {
  return {
    taskId: 't1',
    title: 'Task t1',
    branch: 'wavelane/t1',
    base: '1111111111111111111111111111111111111111',
    head: '2222222222222222222222222222222222222222',
    files: [
      {
        path: 'src/app.ts',
        status: 'modified',
        binary: false,
        additions: 2,
        deletions: 1,
        content: {
          kind: 'text',
          oldText: 'import { a } from "./a";\nexport const x = 1;\nexport default a;\n',
          newText: 'import { a } from "./a";\nexport const x = 2;\nexport const y = 3;\nexport default a;\n',
        },
      },
      {
        path: 'src/new.ts',
        status: 'added',
        binary: false,
        additions: 2,
        deletions: 0,
        content: { kind: 'text', oldText: '', newText: 'export const created = true;\nexport const answer = 42;\n' },
      },
    ],
    ...extra,
  };
}
