import { describe, expect, it } from 'vitest';
import { boardSnapshot, planTask, runSnapshot, runTask } from '../testing/boardFixtures';
import { scriptedCore } from '../testing/scriptedCore';
import { createAppStore } from '../store/appStore';
import { createVerifyActions } from './verifyActions';

describe('verify actions against a scripted core', () => {
  const failed = () => {
    const store = createAppStore();
    const run = runSnapshot([runTask('t1', 'failed', { reason: 'verify failed: x' })], { state: 'finished' });
    store.getState().applySnapshot(boardSnapshot({ tasks: [planTask('t1')], runParallel: ['t1'], run }));
    return store;
  };

  it('retries, and the answered run moves the card out of Needs attention', async () => {
    const store = failed();
    expect(store.getState().cardIdsByColumn.attention).toEqual(['t1']);
    const core = scriptedCore({ 'task.retry': () => ({ ok: true, value: runSnapshot([runTask('t1', 'merging')]) }) });
    expect(await createVerifyActions(core.request, store).retry('t1')).toBe(true);
    expect(core.calls).toEqual([{ name: 'task.retry', input: { taskId: 't1' } }]);
    expect(store.getState().cardIdsByColumn.running).toEqual(['t1']);
  });

  it('asks the agent to fix it', async () => {
    const store = failed();
    const core = scriptedCore({ 'task.fix': () => ({ ok: true, value: runSnapshot([runTask('t1', 'running')]) }) });
    await createVerifyActions(core.request, store).fix('t1');
    expect(core.calls).toEqual([{ name: 'task.fix', input: { taskId: 't1' } }]);
    expect(store.getState().runTasks.t1?.status).toBe('running');
  });

  it('shows a refusal on the card and leaves it where it is', async () => {
    const store = failed();
    const core = scriptedCore({ 'task.retry': () => ({ ok: false, error: { code: 'NOT_RETRYABLE', message: 't1 has no failed verify to retry' } }) });
    expect(await createVerifyActions(core.request, store).retry('t1')).toBe(false);
    expect(store.getState().cardErrors.t1).toBe('t1 has no failed verify to retry');
    expect(store.getState().cardIdsByColumn.attention).toEqual(['t1']);
  });
});
