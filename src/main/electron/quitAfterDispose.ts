import { KILL_GIVE_UP_MS, KILL_GRACE_MS } from '../core/processes/killProcessTree';

/*
 * Quitting waits for the core to dispose (agents' process trees killed, the run's state and the board on
 * disk), with a deadline so a stuck disposal never hangs the app. Electron's pattern: `will-quit` is
 * prevented, the core disposes, then the app exits. The logic is here, free of electron, so it is unit
 * tested under plain Node (electron cannot be launched in the test environment).
 */

/**
 * How long quitting waits for the core: an agent that ignores SIGTERM is SIGKILLed after KILL_GRACE_MS and
 * confirmed gone within KILL_GIVE_UP_MS, and state writes take milliseconds. Past it the app exits anyway:
 * the run stays resumable (its lock goes stale) and a pty's child still gets SIGHUP when we are gone.
 */
export const QUIT_DEADLINE_MS = KILL_GRACE_MS + KILL_GIVE_UP_MS;

export type DisposeOutcome =
  | { kind: 'disposed' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timedOut'; deadlineMs: number };

/** Waits for `dispose` at most `deadlineMs`; never rejects, and leaves no timer behind. */
export async function disposeWithDeadline(dispose: () => Promise<void>, deadlineMs: number): Promise<DisposeOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<DisposeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timedOut', deadlineMs }), deadlineMs);
  });
  // Started at once; a dispose that throws instead of rejecting is caught the same way.
  const disposed = new Promise<void>((resolve) => resolve(dispose())).then(
    (): DisposeOutcome => ({ kind: 'disposed' }),
    (error: unknown): DisposeOutcome => ({ kind: 'failed', error }),
  );
  try {
    return await Promise.race([disposed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exit code after disposal: 0 when the core disposed cleanly, 1 when it failed or ran out of time. */
export function exitCodeOf(outcome: DisposeOutcome): number {
  return outcome.kind === 'disposed' ? 0 : 1;
}

export interface QuitGateOptions {
  dispose: () => Promise<void>;
  /** Ends the process without firing the quit events again (Electron's `app.exit`). */
  exit: (code: number) => void;
  /** Where a failed or late disposal is reported. */
  report: (message: string) => void;
  deadlineMs?: number;
}

/**
 * The `will-quit` handler: the first quit is held (`preventDefault`) while the core disposes, then the app
 * exits; a quit asked for again meanwhile (a second Cmd+Q) is held too and starts nothing new.
 */
export function createQuitGate(options: QuitGateOptions): (event: { preventDefault(): void }) => void {
  let disposing = false;
  return (event) => {
    event.preventDefault();
    if (disposing) return;
    disposing = true;
    const deadlineMs = options.deadlineMs ?? QUIT_DEADLINE_MS;
    void disposeWithDeadline(options.dispose, deadlineMs).then((outcome) => {
      if (outcome.kind === 'failed') options.report(`Wavelane: the core failed to shut down cleanly: ${String(outcome.error)}`);
      if (outcome.kind === 'timedOut') options.report(`Wavelane: the core did not shut down within ${deadlineMs} ms; quitting anyway`);
      options.exit(exitCodeOf(outcome));
    });
  };
}
