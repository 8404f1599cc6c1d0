import { useAppStore } from '../store/appStore';
import { AdrDialog } from './AdrDialog';
import { ConfirmCancelDialog } from './ConfirmCancelDialog';
import { ObjectiveDialog } from './ObjectiveDialog';
import { TaskDialog } from './TaskDialog';

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
    case 'confirmCancel':
      return <ConfirmCancelDialog key={key} id={dialog.id} />;
  }
}
