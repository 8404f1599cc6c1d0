import { describe, expect, it } from 'vitest';
import { runTask } from '../testing/boardFixtures';
import { parseVerifyFailure } from './parseVerifyFailure';

describe('parseVerifyFailure', () => {
  it('splits the reason into the summary and the command output', () => {
    const task = runTask('t1', 'failed', { reason: 'verify failed: npm test exited with 1\n> vitest\nFAIL a.test.ts\n\n' });
    expect(parseVerifyFailure(task)).toEqual({ summary: 'verify failed: npm test exited with 1', output: '> vitest\nFAIL a.test.ts' });
  });

  it('has no output when the reason is one line', () => {
    expect(parseVerifyFailure(runTask('t1', 'failed', { reason: 'verify failed on the merged result' }))).toEqual({
      summary: 'verify failed on the merged result',
      output: '',
    });
  });

  it('is null for other failures and other statuses', () => {
    expect(parseVerifyFailure(runTask('t1', 'failed', { reason: 'merge failed: git says no' }))).toBeNull();
    expect(parseVerifyFailure(runTask('t1', 'conflict', { reason: 'verify failed: x' }))).toBeNull();
    expect(parseVerifyFailure(undefined)).toBeNull();
  });
});
