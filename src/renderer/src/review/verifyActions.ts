import type { RunSnapshot } from '../../../shared/board/board';
import type { WavelaneBridge } from '../../../shared/contract/index';
import type { Result } from '../../../shared/result';
import type { AppStoreApi } from '../store/appStore';

/**
 * What a card whose verify failed asks of the core: run verify again, or send the agent back with the
 * failing output. The answered run moves the card; a refusal is shown on the card.
 */
export function createVerifyActions(request: WavelaneBridge['request'], store: AppStoreApi) {
  const state = () => store.getState();

  function settle(taskId: string, outcome: Result<RunSnapshot | null>): boolean {
    if (!outcome.ok) {
      state().setCardError(taskId, outcome.error.message);
      return false;
    }
    state().setCardError(taskId, null);
    if (outcome.value) state().applyRun(outcome.value);
    return true;
  }

  return {
    retry: async (taskId: string) => settle(taskId, await request('task.retry', { taskId })),
    fix: async (taskId: string) => settle(taskId, await request('task.fix', { taskId })),
  };
}

export type VerifyActions = ReturnType<typeof createVerifyActions>;
