import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { killProcessTree } from './killProcessTree';
import { readProcessStartTime } from './processTable';

/**
 * Runs the user's own command string (a plan's `setup` or `verify`, or `--verify`) with `bash -c`: the one
 * place a shell string is right, because the user wrote it as one. It runs in its own session, and a
 * timeout (or its end) stops everything it started with killProcessTree: its tree, its session and
 * process group, and anything carrying its environment marker (a `setsid` escapee). Only the tail of its
 * output is kept for the report.
 */
export interface ShellRun {
  /** Exit code, or null when killed by a signal or never started. */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last `maxOutputBytes` of stdout and stderr, interleaved as they came. */
  output: string;
  durationMs: number;
  /** Why it could not start (no bash, no such folder), or null. */
  startError: string | null;
}

export interface ShellCommandInput {
  command: string;
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
  maxOutputBytes?: number;
}

/** About the last screenful of a long build log: enough to see why it failed, small enough for a report. */
export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
/** After SIGTERM a command gets this long to clean up before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Every process the command starts inherits this variable (with a value unique to the run) unless it clears its environment. */
const MARKER_NAME = 'WAVELANE_SHELL_RUN';
/** After the command exits, a background child of it may hold the pipes open; we wait this long for them. */
const PIPE_DRAIN_MS = 500;

/** One word for `bash -c`, whatever it holds (a path with spaces, quotes, `$`). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function runShellCommand(input: ShellCommandInput): Promise<ShellRun> {
  const started = Date.now();
  const limit = input.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const tail = new TailBuffer(limit);
  return new Promise((resolve) => {
    const marker = { name: MARKER_NAME, value: randomUUID() };
    let child;
    try {
      child = spawn('bash', ['-c', input.command], {
        cwd: input.cwd,
        env: { ...process.env, ...input.env, [marker.name]: marker.value },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      resolve(notStarted(error, started));
      return;
    }
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    const pid = child.pid;
    // Read now: once the root is gone its start time cannot be read, and it limits the marker search.
    const startedAfter = pid ? readProcessStartTime(pid) : null;
    const killAll = (graceMs: number) =>
      pid ? killProcessTree(pid, { graceMs, envMarker: marker, startedAfter }).then(() => undefined) : Promise.resolve();
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        timedOut = true;
        void killAll(KILL_GRACE_MS);
      }, input.timeoutMs),
    );
    const finish = async () => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      // Whatever it left running must not outlive it (it may sit in a worktree we delete).
      await killAll(0);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        // A command we stopped has no exit code of its own (the shell may report its killed child's 143).
        exitCode: timedOut ? null : (exit?.code ?? null),
        signal: exit?.signal ?? null,
        timedOut,
        output: tail.text(),
        durationMs: Date.now() - started,
        startError: null,
      });
    };
    child.stdout?.on('data', (chunk: Buffer) => tail.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve(notStarted(error, started));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      timers.push(setTimeout(() => void finish(), PIPE_DRAIN_MS));
    });
    child.on('close', () => {
      if (exit) void finish();
    });
  });
}

function notStarted(error: unknown, started: number): ShellRun {
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    output: '',
    durationMs: Date.now() - started,
    startError: error instanceof Error ? error.message : String(error),
  };
}

/** Keeps the last `limit` bytes (cut at a line start when one is near, so the text starts cleanly). */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    if (all.length <= this.limit) return all.toString('utf8');
    let cut = all.subarray(all.length - this.limit);
    const newline = cut.indexOf(0x0a);
    if (newline !== -1 && newline < 1024) cut = cut.subarray(newline + 1);
    return cut.toString('utf8');
  }
}
