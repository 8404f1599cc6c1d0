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
    case 'budget':
      return `waiting: ${blocker.reason}`;
    case 'rateLimit':
      return `waiting: ${blocker.group} rate limited until ${clockTime(blocker.until)}`;
    case 'groupCap':
      return `waiting: ${blocker.group} at its cap of ${blocker.cap}`;
    case 'firstStart':
      return `waiting: ${blocker.group} starts its first session alone (${blocker.task})`;
  }
}

/** HH:MM in local time: a rate limit lifts within hours, and the user reads the clock on the wall. */
export function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}
