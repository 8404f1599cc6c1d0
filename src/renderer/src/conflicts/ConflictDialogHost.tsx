import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { useAppStore } from '../store/appStore';
import { createConflictDialog } from './conflictDialogController';
import { ResolveConflictDialog } from './ResolveConflictDialog';

/**
 * The resolution dialog of one task, wired to the page: requests through the bridge, `conflict.changed`
 * events into the dialog, the completed run into the board. Loaded lazily (CodeMirror is large).
 */
export default function ConflictDialogHost({ taskId }: { taskId: string }) {
  const agents = useAppStore((state) => state.agents);
  const defaultAgent = useAppStore((state) => state.tasks[taskId]?.agent ?? state.snapshot?.board.plan.agent ?? null);
  const [controller] = useState(() =>
    createConflictDialog(taskId, {
      request: (name, input) => bridge.request(name, input),
      applyRun: (run) => useAppStore.getState().applyRun(run),
      close: () => useAppStore.getState().closeDialog(),
    }),
  );

  useEffect(() => {
    void controller.load();
    return bridge.on('conflict.changed', (session) => controller.onChanged(session));
  }, [controller]);

  const watchTerminal = () => {
    useAppStore.getState().focusTerminal(taskId);
    controller.close();
  };

  return <ResolveConflictDialog controller={controller} agents={agents} defaultAgent={defaultAgent} onWatchTerminal={watchTerminal} />;
}
