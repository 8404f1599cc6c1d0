import { actions } from '../bridge';
import { useAppStore } from '../store/appStore';
import { Dialog } from './Dialog';

/** Asks "Cancel <title>?" after a card was dragged out of Running or Review (the move cancels it). */
export function ConfirmCancelDialog({ id }: { id: string }) {
  const title = useAppStore((state) => state.tasks[id]?.title ?? id);
  const inReview = useAppStore((state) => state.runTasks[id]?.status === 'review');
  return (
    <Dialog
      title={`Cancel ${title}?`}
      onClose={() => actions.declineCancel()}
      onSubmit={() => void actions.confirmCancel()}
      actions={
        <>
          <span className="spacer" />
          <button type="button" onClick={() => actions.declineCancel()}>
            {inReview ? 'Keep it in review' : 'Keep running'}
          </button>
          <button type="submit" className="danger">
            Cancel task
          </button>
        </>
      }
    >
      {inReview ? (
        <p>It stops waiting for your review and is marked cancelled; its branch and worktree are kept, unmerged.</p>
      ) : (
        <p>Its agent is stopped and the task is marked cancelled.</p>
      )}
    </Dialog>
  );
}
