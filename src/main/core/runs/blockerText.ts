import type { Blocker } from '../scheduler/dispatchEvents';
import { holdReasonText } from '../resources/resourceMonitor';

/** Why a pending task is not running yet, in the words the CLI and the board show. */
export function blockerText(blocker: Blocker | null): string | null {
  if (!blocker) return null;
  switch (blocker.kind) {
    case 'dependency':
      return `waiting for ${blocker.on}`;
    case 'lock':
      return `waiting for lock ${blocker.globs.join(', ')} held by ${blocker.heldBy}`;
    case 'wave':
      return `waiting for wave ${blocker.wave} to end`;
    case 'resources':
      return holdReasonText(blocker.hold);
    case 'slot':
      return 'waiting for a free slot';
  }
}
