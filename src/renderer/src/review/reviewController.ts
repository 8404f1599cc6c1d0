import { createStore } from 'zustand/vanilla';
import type { RunSnapshot } from '../../../shared/board/board';
import type { TaskReview } from '../../../shared/contract/review';
import type { WavelaneBridge } from '../../../shared/contract/index';

export type ReviewAction = 'load' | 'approve' | 'requestChanges' | 'discard';
export type DiffMode = 'unified' | 'split';

export interface ReviewState {
  review: TaskReview | null;
  loadError: string | null;
  pending: ReviewAction | null;
  error: string | null;
  mode: DiffMode;
  /** The Request changes form is open. */
  composing: boolean;
  prompt: string;
  /** The Discard confirmation is showing. */
  confirmingDiscard: boolean;
}

export interface ReviewPorts {
  request: WavelaneBridge['request'];
  /** The run as the core answered a decision: the board moves the card. */
  applyRun(run: RunSnapshot): void;
  close(): void;
}

function count(n: number, word: string): string {
  return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}

/** What Discard throws away, in one sentence that names the branch, the worktree and the size of the work. */
export function discardSummary(review: TaskReview): string {
  const additions = review.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = review.files.reduce((sum, file) => sum + file.deletions, 0);
  const work = review.files.length === 0 ? 'no file changes' : `${count(review.files.length, 'changed file')} (+${additions} −${deletions})`;
  return `The branch ${review.branch} and its worktree are removed, with ${work}. This cannot be undone.`;
}

/**
 * The review of one finished task: load its change, switch the diff view, and decide (approve and
 * merge, request changes with a follow-up prompt, or discard after a confirmation). Kept apart from
 * React so each decision is testable with a scripted core.
 */
export function createReviewDialog(taskId: string, ports: ReviewPorts) {
  const store = createStore<ReviewState>()(() => ({
    review: null,
    loadError: null,
    pending: 'load',
    error: null,
    // Side by side first: the old and new texts of each file, as @codemirror/merge lays them out.
    mode: 'split',
    composing: false,
    prompt: '',
    confirmingDiscard: false,
  }));
  let closed = false;
  const set = (partial: Partial<ReviewState>) => {
    if (!closed) store.setState(partial);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    ports.close();
  };

  async function decide(action: Exclude<ReviewAction, 'load'>, call: () => ReturnType<WavelaneBridge['request']>): Promise<void> {
    set({ pending: action, error: null });
    const outcome = await call();
    if (!outcome.ok) {
      // The confirmation closes so the reason is seen; the review stays as it was.
      set({ pending: null, error: outcome.error.message, confirmingDiscard: false });
      return;
    }
    if (outcome.value) ports.applyRun(outcome.value as RunSnapshot);
    set({ pending: null });
    close();
  }

  return {
    store,

    async load(): Promise<void> {
      set({ pending: 'load' });
      const outcome = await ports.request('review.get', { taskId });
      if (outcome.ok) set({ review: outcome.value, pending: null, loadError: null });
      else set({ pending: null, loadError: outcome.error.message });
    },

    setMode: (mode: DiffMode) => set({ mode }),

    approve: () => decide('approve', () => ports.request('review.approve', { taskId })),

    startRequest: () => set({ composing: true, confirmingDiscard: false, error: null }),
    cancelRequest: () => set({ composing: false, error: null }),
    setPrompt: (prompt: string) => set({ prompt }),

    /** Sends the follow-up prompt; an empty one is not sent (the form says so). */
    async sendRequest(): Promise<void> {
      const prompt = store.getState().prompt.trim();
      if (prompt === '') {
        set({ error: 'Write what the agent should change first.' });
        return;
      }
      await decide('requestChanges', () => ports.request('review.requestChanges', { taskId, prompt }));
    },

    askDiscard: () => set({ confirmingDiscard: true, composing: false, error: null }),
    cancelDiscard: () => set({ confirmingDiscard: false }),
    discard: () => decide('discard', () => ports.request('review.discard', { taskId })),

    close,
  };
}

export type ReviewController = ReturnType<typeof createReviewDialog>;
