import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store/appStore';
import { createReviewDialog } from './reviewController';
import { ReviewPanel } from './ReviewPanel';

/** The review of one task, wired to the page: requests through the bridge, the decided run into the board. */
export default function ReviewDialogHost({ taskId }: { taskId: string }) {
  const title = useAppStore((state) => state.tasks[taskId]?.title ?? taskId);
  const [controller] = useState(() =>
    createReviewDialog(taskId, {
      request: (name, input) => bridge.request(name, input),
      applyRun: (run) => useAppStore.getState().applyRun(run),
      close: () => useAppStore.getState().closeDialog(),
    }),
  );
  useEffect(() => {
    void controller.load();
  }, [controller]);
  return <ReviewPanel controller={controller} title={title} />;
}
