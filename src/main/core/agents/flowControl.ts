import { toDisposable, type Disposable } from '../events/disposable';

/** VS Code's high watermark: ~100 K characters unrendered means the pane is visibly behind; stop the producer. */
export const FLOW_HIGH_WATERMARK_CHARS = 100_000;
/** VS Code's low watermark: resume once nearly caught up; the gap to the high mark stops pause/resume flapping. */
export const FLOW_LOW_WATERMARK_CHARS = 5_000;
/**
 * A viewer that acknowledged nothing for this long while holding the pty paused is taken for dead (a
 * renderer that crashed without detaching) and dropped: flow control is for slow viewers, and a live
 * xterm acks within a frame or two of receiving data.
 */
export const VIEWER_STALL_MS = 10_000;
/** The viewer id used by a face with a single viewer per session (the Electron window). */
export const DEFAULT_VIEWER_ID = 'default';

/** What flow control drives: the pty's read side. */
export interface FlowTarget {
  pause(): void;
  resume(): void;
}

export interface FlowControlOptions {
  highWatermark?: number;
  lowWatermark?: number;
  stallMs?: number;
  /** Milliseconds clock; a fake one makes the stall rule testable. */
  now?: () => number;
}

interface Viewer {
  unacked: number;
  refs: number;
  /** When it attached, last acked, or last fell behind after being up to date. */
  lastSignOfLife: number;
}

/**
 * Keeps a fast agent from flooding a slow pane: counts characters sent to each attached viewer and the
 * characters that viewer acknowledged (written into its xterm), pauses the pty when the slowest viewer is
 * more than the high watermark behind, and resumes it when that viewer is back under the low watermark.
 *
 * Policy: flow control applies only while at least one viewer is attached. A session nobody watches
 * (board closed, page reloading, headless CLI run) must run at full speed, never wait for acks that will
 * not come; its output still goes to the log and the replay buffer. Detaching the slowest viewer
 * re-evaluates at once, so a viewer that vanishes without acking cannot stall the agent.
 * A viewer that holds the pty paused without acking for `stallMs` is dropped the same way (see
 * `expireStalledViewers`). Acks from a viewer id that is not attached are ignored; acks beyond what was
 * sent clamp at zero (a viewer also acks the replay it was given on attach, never counted as sent).
 */
export class FlowControl {
  private readonly highWatermark: number;
  private readonly lowWatermark: number;
  private readonly stallMs: number;
  private readonly now: () => number;
  private readonly viewers = new Map<string, Viewer>();
  private isPaused = false;
  private released = false;

  constructor(
    private readonly target: FlowTarget,
    options: FlowControlOptions = {},
  ) {
    this.highWatermark = options.highWatermark ?? FLOW_HIGH_WATERMARK_CHARS;
    this.lowWatermark = options.lowWatermark ?? FLOW_LOW_WATERMARK_CHARS;
    this.stallMs = options.stallMs ?? VIEWER_STALL_MS;
    this.now = options.now ?? Date.now;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Characters the slowest attached viewer has not acknowledged (0 with no viewer). */
  get unacked(): number {
    let worst = 0;
    for (const viewer of this.viewers.values()) worst = Math.max(worst, viewer.unacked);
    return worst;
  }

  /**
   * A viewer starts watching live output. Attaching the same id again shares its count (a reconnecting
   * socket); the viewer is gone when every returned disposable is disposed.
   */
  attachViewer(viewerId: string = DEFAULT_VIEWER_ID): Disposable {
    const viewer = this.viewers.get(viewerId) ?? { unacked: 0, refs: 0, lastSignOfLife: this.now() };
    viewer.refs += 1;
    this.viewers.set(viewerId, viewer);
    return toDisposable(() => {
      viewer.refs -= 1;
      if (viewer.refs === 0 && this.viewers.get(viewerId) === viewer) this.viewers.delete(viewerId);
      this.evaluate();
    });
  }

  /** A batch of `chars` characters went out to every attached viewer. */
  sent(chars: number): void {
    const now = this.now();
    for (const viewer of this.viewers.values()) {
      // A viewer that was up to date has been silent for no reason until now: start its stall clock here.
      if (viewer.unacked === 0) viewer.lastSignOfLife = now;
      viewer.unacked += chars;
    }
    this.evaluate();
  }

  ack(chars: number, viewerId: string = DEFAULT_VIEWER_ID): void {
    const viewer = this.viewers.get(viewerId);
    if (!viewer || !Number.isFinite(chars) || chars <= 0) return;
    viewer.unacked = Math.max(0, viewer.unacked - chars);
    viewer.lastSignOfLife = this.now();
    this.evaluate();
  }

  /** Drops viewers that are behind and silent for `stallMs`; call it periodically while paused. */
  expireStalledViewers(): void {
    const now = this.now();
    for (const [id, viewer] of this.viewers) {
      if (viewer.unacked > 0 && now - viewer.lastSignOfLife >= this.stallMs) this.viewers.delete(id);
    }
    this.evaluate();
  }

  /**
   * Stops applying flow control for good: the process is ending (exit, cancel, timeout) and its last
   * output must drain so the log is complete and the exit can be observed.
   */
  release(): void {
    this.released = true;
    this.evaluate();
  }

  private evaluate(): void {
    const worst = this.unacked;
    const shouldPause = !this.released && this.viewers.size > 0 && (this.isPaused ? worst >= this.lowWatermark : worst > this.highWatermark);
    if (shouldPause === this.isPaused) return;
    this.isPaused = shouldPause;
    if (shouldPause) this.target.pause();
    else this.target.resume();
  }
}
