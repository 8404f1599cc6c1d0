import type { TerminalData, TerminalReplay } from '../../../shared/contract/terminal';
import { err, type Result } from '../../../shared/result';
import { DEFAULT_COLS, DEFAULT_ROWS } from '../agents/agentSession';
import type { Disposable } from '../events/disposable';
import { Emitter } from '../events/emitter';
import { paneLogPath, readLogTail } from '../storage/sessionLog';
import { ParseScheduler } from './ParseScheduler';
import { TerminalScreen } from './TerminalScreen';

/**
 * The headless terminal is a flow-control viewer of its task's session: an agent that prints faster than
 * the parser keeps up is paused like one a slow pane cannot follow, so the parser's backlog (memory) stays
 * within the watermarks instead of growing with the output.
 */
export const HEADLESS_VIEWER_ID = 'headless-terminal';
/**
 * How long a task's headless terminal stays after its last session ended before it is frozen into its
 * serialized text (much smaller than xterm's buffer). Serializing ~1000 lines holds the event loop for
 * tens of milliseconds: done at exit, eight agents finishing together would stall the core for all of
 * them at once; a minute later they are spread out, and a retry or follow-up reuses the live screen.
 */
export const FREEZE_IDLE_MS = 60_000;

export interface TaskTerminalsOptions {
  /** See FREEZE_IDLE_MS (a test freezes at once). */
  freezeIdleMs?: number;
}

/** What TaskTerminals needs of a session; AgentSession is one (a test passes a scripted one). */
export interface TerminalSession {
  onDidData(listener: (batch: { data: string }) => void): Disposable;
  /** Settles after the last batch went out (AgentSession's order guarantee). */
  readonly exited: Promise<unknown>;
  readonly running: boolean;
  readonly cols: number;
  readonly rows: number;
  write(data: string): Result<null, 'NOT_RUNNING'>;
  resize(cols: number, rows: number): Result<null, 'NOT_RUNNING' | 'INVALID_SIZE'>;
  attachViewer(viewerId?: string): Disposable;
  ack(chars: number, viewerId?: string): void;
}

/**
 * What a session is to its task's terminal: an attempt starts on a clean screen (a retry's output
 * replaces the failed one, as the pane shows it); a follow-up or a side agent (conflict resolution)
 * continues below what the task printed before.
 */
export type SessionKind = 'attempt' | 'followUp' | 'side';

export type TerminalControlError = 'NOT_RUNNING' | 'INVALID_SIZE';

interface Attached {
  session: TerminalSession;
  subscription: Disposable;
  /** Flow control: held while a pane has replayed this session (see replay). */
  viewer: Disposable | null;
  /** Flow control for the headless terminal (see HEADLESS_VIEWER_ID). */
  parser: Disposable;
}

interface Stream {
  /** Seq of the last chunk sent for the task; it only grows, across every session of the task. */
  seq: number;
  /** The headless terminal while a session is live (or until it is frozen). */
  screen: TerminalScreen | null;
  /** The serialized screen once no session is live: the xterm is let go, this string is much smaller. */
  frozen: string;
  /** Live sessions, oldest first; input goes to the newest. */
  sessions: Attached[];
  /** When the frozen screen was rebuilt from logs on disk (no session ran in this process): which ones. */
  fromLogs: string | null;
  /** Pending freeze of the idle screen (see FREEZE_IDLE_MS). */
  freezeTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The one owner of every task's terminal stream: it numbers the chunks (one sequence per task, across
 * its attempts, follow-ups and side agents), keeps a headless xterm per task that parses them as a pane
 * would, and answers a pane that (re)attaches with the serialized screen and the seq it ends at, so the
 * pane then applies only live chunks with a higher seq: no gap, no duplicate. Input, resizes and flow
 * control acks go to the task's newest live session. The faces and the project read terminals only here.
 */
export class TaskTerminals implements Disposable {
  private readonly data = new Emitter<TerminalData>();
  /** Every chunk of every task, numbered: the contract's `terminal.data`. */
  readonly onDidData = this.data.event;
  private readonly streams = new Map<string, Stream>();
  private readonly scheduler = new ParseScheduler();
  private readonly freezeIdleMs: number;
  private disposed = false;

  constructor(options: TaskTerminalsOptions = {}) {
    this.freezeIdleMs = options.freezeIdleMs ?? FREEZE_IDLE_MS;
  }

  /** Makes `session` the task's current output; see SessionKind. */
  attach(taskId: string, session: TerminalSession, kind: SessionKind): void {
    if (this.disposed) return;
    const stream = this.stream(taskId);
    clearTimeout(stream.freezeTimer);
    if (kind === 'attempt') {
      stream.screen?.dispose();
      stream.screen = null;
      stream.frozen = '';
    }
    stream.fromLogs = null;
    if (!stream.screen) {
      stream.screen = new TerminalScreen(this.scheduler, session.cols, session.rows);
      stream.screen.write(stream.frozen);
      stream.frozen = '';
    }
    const attached: Attached = {
      session,
      viewer: null,
      parser: session.attachViewer(HEADLESS_VIEWER_ID),
      subscription: session.onDidData(({ data }) => {
        stream.seq += 1;
        // Into the screen first, in the same step as the event: a replay taken now includes this chunk.
        stream.screen?.write(data, () => session.ack(data.length, HEADLESS_VIEWER_ID));
        this.data.fire({ taskId, seq: stream.seq, data });
      }),
    };
    stream.sessions.push(attached);
    void session.exited.then(() => this.ended(stream, attached));
  }

  /**
   * A pane (re)attaching: the task's screen serialized, with the seq of the last chunk it holds. A task
   * that ran no session in this process is rebuilt from `logs` (its attempts' logs on disk), if given.
   * Null for a task with neither. While a session is live, this pane's acks pace it (flow control).
   */
  async replay(taskId: string, logs: readonly string[] = []): Promise<TerminalReplay | null> {
    const stream = this.streams.get(taskId);
    if (stream && stream.fromLogs === null) {
      const current = this.current(stream);
      if (current && !current.viewer) current.viewer = current.session.attachViewer();
      const seq = stream.seq;
      const data = stream.screen ? await stream.screen.snapshot() : stream.frozen;
      return { taskId, data, seq, live: current !== null };
    }
    const key = logs.join('\n');
    // Rebuilt before: the same logs (or none named now) give the same screen.
    if (stream && (stream.fromLogs === key || logs.length === 0)) return { taskId, data: stream.frozen, seq: stream.seq, live: false };
    if (logs.length === 0) return null;
    const frozen = await this.screenOfLogs(logs);
    // A session may have started while the logs were read: its stream wins.
    if (this.streams.get(taskId)?.fromLogs === null) return this.replay(taskId);
    const now = this.stream(taskId);
    now.frozen = frozen;
    now.fromLogs = key;
    return { taskId, data: frozen, seq: now.seq, live: false };
  }

  /** True while a session of the task runs. */
  isLive(taskId: string): boolean {
    const stream = this.streams.get(taskId);
    return stream ? this.current(stream) !== null : false;
  }

  /** Keystrokes typed into the task's pane. */
  write(taskId: string, data: string): Result<null, 'NOT_RUNNING'> {
    const current = this.currentOf(taskId);
    if (!current) return notRunning(taskId);
    return current.session.write(data);
  }

  /** The pane's size: the pty follows it, and so does the headless screen. */
  resize(taskId: string, cols: number, rows: number): Result<null, TerminalControlError> {
    const current = this.currentOf(taskId);
    if (!current) return notRunning(taskId);
    const resized = current.session.resize(cols, rows);
    if (resized.ok) this.streams.get(taskId)?.screen?.resize(cols, rows);
    return resized;
  }

  /** Flow control: the pane has written `chars` more characters. */
  ack(taskId: string, chars: number): void {
    this.currentOf(taskId)?.session.ack(chars);
  }

  /** Characters waiting for the headless parsers, over every task (the bench watches it stay bounded). */
  get parseBacklog(): number {
    let total = 0;
    for (const stream of this.streams.values()) total += stream.screen?.backlog ?? 0;
    return total;
  }

  /** Headless terminals alive now (one per task with a live session, for FREEZE_IDLE_MS after it ends). */
  get screenCount(): number {
    let count = 0;
    for (const stream of this.streams.values()) if (stream.screen) count += 1;
    return count;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const stream of this.streams.values()) {
      clearTimeout(stream.freezeTimer);
      for (const attached of stream.sessions) release(attached);
      stream.sessions = [];
      stream.screen?.dispose();
      stream.screen = null;
    }
    this.streams.clear();
    this.data.dispose();
  }

  /** The screen the logs' output leaves (the tail of each, in order), serialized. */
  private async screenOfLogs(logs: readonly string[]): Promise<string> {
    const screen = new TerminalScreen(this.scheduler, DEFAULT_COLS, DEFAULT_ROWS);
    try {
      for (const log of logs) {
        // An adapter's raw log is JSON lines; the pane showed (and replays) its transcript.
        const tail = await readLogTail(await paneLogPath(log));
        if (tail.ok) screen.write(tail.value);
      }
      return await screen.snapshot();
    } finally {
      screen.dispose();
    }
  }

  private stream(taskId: string): Stream {
    let stream = this.streams.get(taskId);
    if (!stream) {
      stream = { seq: 0, screen: null, frozen: '', sessions: [], fromLogs: null, freezeTimer: undefined };
      this.streams.set(taskId, stream);
    }
    return stream;
  }

  private current(stream: Stream): Attached | null {
    for (let i = stream.sessions.length - 1; i >= 0; i--) {
      const attached = stream.sessions[i] as Attached;
      if (attached.session.running) return attached;
    }
    return null;
  }

  private currentOf(taskId: string): Attached | null {
    const stream = this.streams.get(taskId);
    return stream ? this.current(stream) : null;
  }

  /** A session's last batch went out: stop listening, and once none is live, freeze the screen later. */
  private ended(stream: Stream, attached: Attached): void {
    release(attached);
    stream.sessions = stream.sessions.filter((other) => other !== attached);
    if (stream.sessions.length > 0 || !stream.screen || this.disposed) return;
    clearTimeout(stream.freezeTimer);
    const screen = stream.screen;
    stream.freezeTimer = setTimeout(() => void this.freeze(stream, screen), this.freezeIdleMs);
    // A pending freeze is housekeeping: it must not keep a CLI process alive.
    stream.freezeTimer.unref?.();
  }

  private async freeze(stream: Stream, screen: TerminalScreen): Promise<void> {
    stream.freezeTimer = undefined;
    const frozen = await screen.snapshot();
    // Unless another session started meanwhile (or an attempt replaced the screen), keep only the text.
    if (stream.screen !== screen || stream.sessions.length > 0) return;
    stream.frozen = frozen;
    stream.screen = null;
    screen.dispose();
  }
}

function release(attached: Attached): void {
  attached.subscription.dispose();
  attached.parser.dispose();
  attached.viewer?.dispose();
  attached.viewer = null;
}

function notRunning(taskId: string): Result<never, 'NOT_RUNNING'> {
  return err('NOT_RUNNING', `The agent of task "${taskId}" is not running.`);
}
