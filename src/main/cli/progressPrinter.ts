import type { TaskStatus } from '../../shared/run/taskStatus';
import type { Transition } from '../core/runs/runController';

export interface ProgressCounts {
  total: number;
  byStatus: Partial<Record<TaskStatus, number>>;
  holdReason: string | null;
}

/** Width of the progress bar in the live status line. */
const BAR_WIDTH = 24;

function clock(at: Date): string {
  return at.toTimeString().slice(0, 8);
}

/** `12:00:03 t2 running (wave 1)`: one line per transition, on stderr, stable for scripts to read. */
export function formatTransition(t: Transition): string {
  const detail = t.wave !== null && t.status === 'running' ? ` (wave ${t.wave})` : t.reason ? ` (${t.reason})` : '';
  return `${clock(t.at)} ${t.task} ${t.status}${detail}`;
}

export function formatStatusLine(counts: ProgressCounts, elapsedMs: number): string {
  const done = ['merged', 'empty', 'failed', 'conflict', 'skipped', 'cancelled'].reduce(
    (sum, status) => sum + (counts.byStatus[status as TaskStatus] ?? 0),
    0,
  );
  const filled = counts.total === 0 ? BAR_WIDTH : Math.round((done / counts.total) * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
  const parts = (['running', 'merging', 'merged', 'empty', 'failed', 'conflict', 'skipped', 'cancelled'] as TaskStatus[])
    .filter((status) => counts.byStatus[status])
    .map((status) => `${status} ${counts.byStatus[status]}`);
  const seconds = Math.floor(elapsedMs / 1000);
  const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const hold = counts.holdReason ? ` | ${counts.holdReason}` : '';
  return `[${bar}] ${done}/${counts.total} ${elapsed} ${parts.join(', ')}${hold}`;
}

/**
 * Writes transitions as lines and, on a terminal, keeps one live status line at the bottom (cleared
 * before each transition line and redrawn after it), so logs stay readable when piped.
 */
export class ProgressPrinter {
  private statusShown = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly live = Boolean(out.isTTY),
  ) {}

  transition(t: Transition, counts: ProgressCounts, elapsedMs: number): void {
    this.clearStatus();
    this.out.write(formatTransition(t) + '\n');
    this.status(counts, elapsedMs);
  }

  status(counts: ProgressCounts, elapsedMs: number): void {
    if (!this.live) return;
    const width = this.out.columns || 80;
    this.out.write('\r' + formatStatusLine(counts, elapsedMs).slice(0, width - 1) + '\x1b[K');
    this.statusShown = true;
  }

  line(text: string): void {
    this.clearStatus();
    this.out.write(text + '\n');
  }

  clearStatus(): void {
    if (this.statusShown) this.out.write('\r\x1b[K');
    this.statusShown = false;
  }
}
