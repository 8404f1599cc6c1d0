import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { err, ok, type Result } from '../../../shared/result';
import type { Disposable } from '../events/disposable';
import { Emitter } from '../events/emitter';
import { buildAgentEnv, SESSION_MARKER_ENV } from './agentEnv';
import { findExecutable } from './checkAvailability';
import { exitMarker, RELEASE_SIGNAL, wrapCommand } from './exitWrapper';
import { FlowControl, type FlowControlOptions } from './flowControl';
import { killProcessTree, type KillTreeReport } from '../processes/killProcessTree';
import { MarkerFilter } from './markerFilter';
import { isPidAlive } from '../processes/isPidAlive';
import { readProcessStartTime } from '../processes/processTable';
import { OutputBatcher, type OutputBatcherOptions } from './outputBatcher';
import { SessionLog } from '../storage/sessionLog';
import { AdapterOutput } from './adapterOutput';
import type { AgentAdapter, AgentEvent } from './agentEvent';
import type { UsageSummary } from './usageTotals';

/** A size where agent CLIs lay out their output comfortably before the pane reports its real size. */
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 30;
/** The terminal xterm.js emulates; CLIs pick colours and key handling from it. */
const TERM_NAME = 'xterm-256color';
/** Bounds of a terminal size, as in the contract's `terminal.resize`. */
const MIN_COLS = 2;
const MAX_COLS = 1000;
const MIN_ROWS = 1;
const MAX_ROWS = 1000;
/** node-pty can deliver a last data event just after `onExit`; wait this long before the final flush. */
export const EXIT_DRAIN_MS = 20;
/**
 * While paused, how often we check that the wrapper is still alive (node-pty destroys the pty socket
 * 200 ms after it exits, so a paused socket must be resumed well before that) and expire stalled viewers.
 */
export const PAUSED_WATCH_MS = 50;
/** How often the release signal is repeated until the wrapper exits (see receive). */
const RELEASE_REPEAT_MS = 20;
/** Largest timeout a Node timer can hold (~24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface AgentSessionOptions {
  /** The profile's command and expanded args (see expandProfile.ts). A bare name is looked up on PATH. */
  command: string;
  args: readonly string[];
  /** The profile's env, added over the inherited environment. */
  env?: Record<string, string>;
  /** The user's env for the profile (agent settings), over the profile's. */
  userEnv?: Record<string, string>;
  /**
   * The CLI's adapter: the pane gets its transcript instead of the raw JSON lines (which still go to the
   * log untouched), and its events go to `events.jsonl` beside the log (see AdapterOutput).
   */
  adapter?: AgentAdapter;
  /** The worktree: the agent's working directory. */
  cwd: string;
  taskId: string;
  runId: string;
  promptFile: string;
  /** The attempt's log file (created, or appended to). */
  logPath: string;
  cols?: number;
  rows?: number;
  /** Kill the process tree after this many seconds. */
  timeoutSec?: number;
  /** The environment to inherit (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Tunables, for tests and benchmarks; the defaults are the named constants of each module. */
  tuning?: {
    batch?: Omit<OutputBatcherOptions, 'timer'>;
    flow?: FlowControlOptions;
    killGraceMs?: number;
  };
}

/** Output of the pty, decoded; the task's terminal (terminals/TaskTerminals.ts) numbers the batches. */
export interface DataBatch {
  data: string;
}

export interface AgentExit {
  /** The exit status; 128 + n when the process died of signal n (the shell's convention). */
  exitCode: number;
  /** The signal that ended the process, if one did. */
  signal: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Pids of the agent's process tree still alive after SIGKILL (normally empty). */
  survivors: number[];
  /** Set when the log could not be written completely. */
  logError?: string;
  /** Tokens and cost the CLI reported (adapter sessions only). */
  usage?: UsageSummary;
  /** The CLI's own session id, to resume the conversation (adapter sessions only, once the CLI said it). */
  cliSessionId?: string;
}

export type AgentSessionStartError = 'INVALID_OPTIONS' | 'CWD_NOT_FOUND' | 'COMMAND_NOT_FOUND' | 'LOG_OPEN_FAILED' | 'SPAWN_FAILED';

/**
 * One agent attempt running in a pty (Hyper's one-Session-per-pty): output batched to subscribers,
 * appended raw to the attempt's log, throttled by flow control while someone watches (the task's
 * terminal, with its replay, is TaskTerminals'); input and resizes go to the pty; a timeout or a cancel kills the whole process tree.
 *
 * Order guarantee: `onDidExit` fires (and `exited` resolves) only after the last batch went out, the
 * log was flushed and closed, and no process of the agent's tree is left (leftovers of a normal exit,
 * such as a background dev server, are killed too: the worktree is about to be merged or removed).
 * The agent runs under a small wrapper so that its last output is not lost at exit; see exitWrapper.ts.
 * `pid` is the wrapper's (the session leader); the agent is its child.
 */
export class AgentSession implements Disposable {
  private readonly onDidDataEmitter = new Emitter<DataBatch>();
  private readonly onDidExitEmitter = new Emitter<AgentExit>();
  readonly onDidData = this.onDidDataEmitter.event;
  readonly onDidExit = this.onDidExitEmitter.event;
  private readonly onDidAgentEventEmitter = new Emitter<AgentEvent>();
  /** Every event the CLI's adapter parsed (adapter sessions only), as it is parsed. */
  readonly onDidAgentEvent = this.onDidAgentEventEmitter.event;
  /** Resolves with the same value `onDidExit` fires, for callers that await instead of subscribing. */
  readonly exited: Promise<AgentExit>;

  private readonly batcher: OutputBatcher;
  private readonly flow: FlowControl;
  private readonly markerFilter: MarkerFilter;
  private size: { cols: number; rows: number };
  private isRunning = true;
  /** The wrapper reported the agent's exit (its marker was read). */
  private agentExited = false;
  private timedOut = false;
  private cancelled = false;
  private killing: Promise<KillTreeReport> | null = null;
  private timeoutHandle: ReturnType<typeof setTimeout> | undefined;
  private pausedWatch: ReturnType<typeof setInterval> | undefined;
  private releaseTimer: ReturnType<typeof setInterval> | undefined;
  private resolveExited!: (exit: AgentExit) => void;
  private disposed = false;
  /** See KillTreeOptions.startedAfter. */
  private readonly rootStartTime: number | null;

  private constructor(
    private readonly pty: IPty,
    private readonly log: SessionLog,
    /** The random value of WAVELANE_SESSION_ID in the agent's environment. */
    readonly sessionMarker: string,
    exitToken: string,
    private readonly options: AgentSessionOptions,
    private readonly output: AdapterOutput | null = null,
  ) {
    this.markerFilter = new MarkerFilter(exitMarker(exitToken));
    if (output) output.onEvent = (event) => this.onDidAgentEventEmitter.fire(event);
    this.rootStartTime = readProcessStartTime(pty.pid);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    this.size = { cols: options.cols ?? DEFAULT_COLS, rows: options.rows ?? DEFAULT_ROWS };
    this.batcher = new OutputBatcher((data) => this.emitBatch(data), options.tuning?.batch);
    this.flow = new FlowControl(
      {
        pause: () => {
          this.pty.pause();
          this.watchWhilePaused();
        },
        resume: () => {
          this.stopPausedWatch();
          this.pty.resume();
        },
      },
      options.tuning?.flow,
    );
    // node-pty types onData as string, but with `encoding: null` it delivers the raw Buffer.
    pty.onData((chunk: string | Buffer) => this.receive(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    pty.onExit(({ exitCode, signal }) => void this.finish(exitCode, signal ?? 0));
    if (options.timeoutSec !== undefined) {
      this.timeoutHandle = setTimeout(() => {
        this.timedOut = true;
        this.terminate();
      }, options.timeoutSec * 1000);
    }
  }

  /** Starts the agent. Expected problems (missing worktree or command, unwritable log) come back as values. */
  static async start(options: AgentSessionOptions): Promise<Result<AgentSession, AgentSessionStartError>> {
    const cols = options.cols ?? DEFAULT_COLS;
    const rows = options.rows ?? DEFAULT_ROWS;
    if (!isValidSize(cols, rows)) {
      return err('INVALID_OPTIONS', `Terminal size ${cols}x${rows} for task "${options.taskId}" is outside ${MIN_COLS}-${MAX_COLS} x ${MIN_ROWS}-${MAX_ROWS}.`);
    }
    const { timeoutSec } = options;
    if (timeoutSec !== undefined && !(timeoutSec > 0 && timeoutSec * 1000 <= MAX_TIMEOUT_MS)) {
      return err('INVALID_OPTIONS', `Timeout ${timeoutSec} s for task "${options.taskId}" must be positive and at most ${MAX_TIMEOUT_MS / 1000} s.`);
    }
    const cwdInfo = await stat(options.cwd).catch(() => null);
    if (!cwdInfo?.isDirectory()) {
      return err('CWD_NOT_FOUND', `The worktree ${options.cwd} of task "${options.taskId}" is not a directory.`, { where: options.cwd });
    }
    const marker = randomUUID();
    const exitToken = randomUUID();
    const env = buildAgentEnv({ ...options, sessionMarker: marker });
    const file = await findExecutable(options.command, env.PATH, options.cwd);
    if (file === null) {
      return err('COMMAND_NOT_FOUND', `Command "${options.command}" for task "${options.taskId}" was not found on PATH or is not executable.`, {
        where: options.command,
      });
    }
    const log = await SessionLog.open(options.logPath);
    if (!log.ok) return log;
    const output = options.adapter ? await AdapterOutput.open(options.adapter, options.logPath) : null;
    if (output && !output.ok) {
      await log.value.close();
      return output;
    }
    let pty: IPty;
    try {
      const wrapped = wrapCommand(file, options.args, exitToken);
      pty = spawnPty(wrapped.file, wrapped.args, { name: TERM_NAME, cols, rows, cwd: options.cwd, env, encoding: null });
    } catch (error) {
      await log.value.close();
      if (output) await output.value.close();
      return err('SPAWN_FAILED', `Cannot start "${options.command}" for task "${options.taskId}": ${(error as Error).message}.`, {
        where: options.command,
      });
    }
    return ok(new AgentSession(pty, log.value, marker, exitToken, options, output?.value ?? null));
  }

  /** The log this session appends to (a pane replays it once the session is over). */
  get logPath(): string {
    return this.options.logPath;
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** The pty's size: as started, then as last resized. */
  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  get running(): boolean {
    return this.isRunning;
  }

  /** True while flow control holds the pty (a viewer is more than the high watermark behind). */
  get paused(): boolean {
    return this.flow.paused;
  }

  /** Keystrokes for the agent (it may ask a question). */
  write(data: string): Result<null, 'NOT_RUNNING'> {
    if (!this.isRunning) return this.notRunning();
    this.pty.write(data);
    return ok(null);
  }

  resize(cols: number, rows: number): Result<null, 'NOT_RUNNING' | 'INVALID_SIZE'> {
    if (!isValidSize(cols, rows)) {
      return err('INVALID_SIZE', `Terminal size ${cols}x${rows} for task "${this.options.taskId}" is outside ${MIN_COLS}-${MAX_COLS} x ${MIN_ROWS}-${MAX_ROWS}.`);
    }
    if (!this.isRunning) return this.notRunning();
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The pty closed between the exit and our bookkeeping: same as not running.
      return this.notRunning();
    }
    this.size = { cols, rows };
    return ok(null);
  }

  /** A viewer starts watching live output; flow control applies while at least one is attached. */
  attachViewer(viewerId?: string): Disposable {
    return this.flow.attachViewer(viewerId);
  }

  /** The viewer has written `chars` more characters into its pane. */
  ack(chars: number, viewerId?: string): void {
    this.flow.ack(chars, viewerId);
  }

  /** Kills the agent's whole process tree; resolves once the exit has been reported. */
  cancel(): Promise<AgentExit> {
    if (this.isRunning) {
      this.cancelled = true;
      this.terminate();
    }
    return this.exited;
  }

  /** Kills the agent if it still runs and drops every listener. The log is still completed and closed. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.cancel();
    this.onDidDataEmitter.dispose();
    this.onDidExitEmitter.dispose();
    this.onDidAgentEventEmitter.dispose();
  }

  private receive(chunk: Buffer): void {
    const data = this.markerFilter.push(chunk);
    if (data.length > 0) {
      this.log.write(data);
      this.show(data);
    }
    if (this.markerFilter.found && !this.agentExited) {
      // Everything the agent printed has been read: let the wrapper exit (see exitWrapper.ts).
      this.agentExited = true;
      this.flow.release();
      this.release();
      // A release landing between the wrapper's last flag check and its `wait` would only be seen when
      // its 1 s sleeper ends: repeating it until the wrapper is gone makes the exit prompt every time.
      this.releaseTimer = setInterval(() => this.release(), RELEASE_REPEAT_MS);
    }
  }

  /** The CLI's session id as its adapter read it (undefined for a raw session, or before the CLI said it). */
  get cliSessionId(): string | undefined {
    return this.output?.sessionId;
  }

  /** Pane output: the transcript for an adapter session, the bytes themselves otherwise. */
  private show(data: Buffer): void {
    const text = this.output ? this.output.push(data) : data;
    if (text.length > 0) this.batcher.push(text);
  }

  private release(): void {
    try {
      process.kill(this.pty.pid, RELEASE_SIGNAL);
    } catch {
      // Already gone (released, or killed by a cancel at the same moment): its exit is on the way.
      clearInterval(this.releaseTimer);
    }
  }

  private emitBatch(data: string): void {
    // Counted before it is delivered, so an ack sent from inside a listener is never counted ahead of it.
    this.flow.sent(data.length);
    this.onDidDataEmitter.fire({ data });
  }

  private terminate(): void {
    if (this.killing || !this.isRunning) return;
    // The tree must be able to run (and print) while it dies; a paused pty would also hide the exit.
    this.flow.release();
    this.killing = this.killTree();
  }

  private async finish(exitCode: number, signal: number): Promise<void> {
    this.isRunning = false;
    clearInterval(this.releaseTimer);
    clearTimeout(this.timeoutHandle);
    this.flow.release();
    this.stopPausedWatch();
    await delay(EXIT_DRAIN_MS);
    const held = this.markerFilter.flush();
    if (held.length > 0) {
      this.log.write(held);
      this.show(held);
    }
    const rest = this.output?.end() ?? '';
    if (rest !== '') this.batcher.push(rest);
    // After a normal exit this sweeps leftovers (background children); after a cancel it waits for the
    // kill that is already under way, so the exit is reported only when the whole tree is gone.
    const report = await (this.killing ?? this.killTree());
    this.batcher.end();
    const [rawLogError, outputError] = await Promise.all([this.log.close(), this.output?.close() ?? null]);
    const logError = rawLogError ?? outputError;
    const exit: AgentExit = {
      exitCode: signal > 0 ? 128 + signal : exitCode,
      signal: signal > 0 ? signal : null,
      timedOut: this.timedOut,
      cancelled: this.cancelled,
      survivors: report.survivors,
      ...(logError ? { logError } : {}),
      ...(this.output ? { usage: this.output.summary() } : {}),
      ...(this.cliSessionId ? { cliSessionId: this.cliSessionId } : {}),
    };
    this.resolveExited(exit);
    this.onDidExitEmitter.fire(exit);
  }

  private killTree(): Promise<KillTreeReport> {
    return killProcessTree(this.pty.pid, {
      graceMs: this.options.tuning?.killGraceMs,
      sessionId: this.pty.pid,
      envMarker: { name: SESSION_MARKER_ENV, value: this.sessionMarker },
      startedAfter: this.rootStartTime,
    });
  }

  private watchWhilePaused(): void {
    this.stopPausedWatch();
    this.pausedWatch = setInterval(() => {
      // A zombie is dead too: it will never read the output it is paused for.
      if (!isPidAlive(this.pty.pid)) {
        this.flow.release();
        return;
      }
      this.flow.expireStalledViewers();
    }, PAUSED_WATCH_MS);
  }

  private stopPausedWatch(): void {
    clearInterval(this.pausedWatch);
    this.pausedWatch = undefined;
  }

  private notRunning(): { ok: false; error: { code: 'NOT_RUNNING'; message: string } } {
    return err('NOT_RUNNING', `The agent of task "${this.options.taskId}" is no longer running.`);
  }
}

function isValidSize(cols: number, rows: number): boolean {
  return Number.isInteger(cols) && Number.isInteger(rows) && cols >= MIN_COLS && cols <= MAX_COLS && rows >= MIN_ROWS && rows <= MAX_ROWS;
}
