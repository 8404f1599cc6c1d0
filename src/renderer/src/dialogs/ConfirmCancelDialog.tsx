import { actions } from '../bridge';
import { useAppStore } from '../store/appStore';
import { Dialog } from './Dialog';

/** Asks "Cancel <title>?" after a running card was dragged out of Running. */
export function ConfirmCancelDialog({ id }: { id: string }) {
  const title = useAppStore((state) => state.tasks[id]?.title ?? id);
  return (
    <Dialog
      title={`Cancel ${title}?`}
      onClose={() => actions.declineCancel()}
      onSubmit={() => void actions.confirmCancel()}
      actions={
        <>
          <span className="spacer" />
          <button type="button" onClick={() => actions.declineCancel()}>
            Keep running
          </button>
          <button type="submit" className="danger">
            Cancel task
          </button>
        </>
      }
    >
      <p>Its agent is stopped and the task is marked cancelled.</p>
    </Dialog>
  );
}
