import { lazy, Suspense } from 'react';
import { useAppStore } from '../store/appStore';
import { AdrDialog } from './AdrDialog';
import { AgentSettingsDialog } from './AgentSettingsDialog';
import { ConfirmCancelDialog } from './ConfirmCancelDialog';
import { ObjectiveDialog } from './ObjectiveDialog';
import { TaskDialog } from './TaskDialog';

/** CodeMirror and the diff view are large: load them only when a conflict or a review is opened. */
const ConflictDialogHost = lazy(() => import('../conflicts/ConflictDialogHost'));
const ReviewDialogHost = lazy(() => import('../review/ReviewDialogHost'));

/** The one open dialog, if any (keyed so a different entity starts from a fresh form). */
export function Dialogs() {
  const dialog = useAppStore((state) => state.dialog);
  if (!dialog) return null;
  const key = `${dialog.kind}:${dialog.id ?? ''}`;
  switch (dialog.kind) {
    case 'task':
      return <TaskDialog key={key} id={dialog.id} />;
    case 'objective':
      return <ObjectiveDialog key={key} id={dialog.id} />;
    case 'adr':
      return <AdrDialog key={key} id={dialog.id} />;
    case 'agentSettings':
      return <AgentSettingsDialog key={key} />;
    case 'confirmCancel':
      return <ConfirmCancelDialog key={key} id={dialog.id} />;
    case 'resolveConflict':
      return (
        <Suspense fallback={null}>
          <ConflictDialogHost key={key} taskId={dialog.id} />
        </Suspense>
      );
    case 'review':
      return (
        <Suspense fallback={null}>
          <ReviewDialogHost key={key} taskId={dialog.id} />
        </Suspense>
      );
  }
}
