/**
 * Why the agent runs under a tiny `sh` wrapper: on Linux, when a pty's session leader exits, the kernel
 * hangs the terminal up and DISCARDS whatever output the reading side has not consumed yet (measured
 * here: the last ~4-12 KB of a fast `cat`, every time, with node-pty). So the process that exits first
 * must not be the one holding the session. The wrapper is the session leader; it runs the agent in the
 * foreground, and when the agent exits it prints a one-off marker (an OSC sequence carrying a random
 * token) and waits. The session reads up to the marker, which proves it has read everything the agent
 * printed, strips it, and sends SIGUSR1; only then does the wrapper exit, with the agent's status (or by
 * the agent's signal, re-raised), so the exit code is the agent's.
 *
 * The script is a constant: the command, its arguments (the prompt among them) and the token travel as
 * positional parameters and are expanded only as "$@", never re-parsed by the shell.
 */

/** POSIX sh exists on every Unix; the wrapper needs nothing else. */
export const WRAPPER_SHELL = '/bin/sh';
/** `$0` of the wrapper, so `ps` shows what it is. */
export const WRAPPER_NAME = 'wavelane-agent';
/** The signal that releases the wrapper once its marker has been read. */
export const RELEASE_SIGNAL: NodeJS.Signals = 'SIGUSR1';
/** An OSC number no terminal uses; if the marker ever leaked into a pane, xterm would ignore it. */
const MARKER_OSC = 6973;

/*
 * - USR1 is trapped before anything else runs, so an early release cannot kill the wrapper.
 * - INT/QUIT get a no-op trap (not ''), because an ignored signal would be inherited as ignored by the
 *   agent, and Ctrl-C in the pane must still reach it; the wrapper just outlives it to report.
 * - `wait` on a background `sleep` returns as soon as a trapped signal arrives (POSIX), so the release is
 *   immediate. The flag is checked again after starting the sleeper because the release usually lands
 *   while the sleeper is being forked (the session reacts to the marker within microseconds); sh runs
 *   the trap between commands, and without the re-check `wait` would sit out the full second. Only a
 *   release landing between that check and `wait` itself costs the 1 s.
 * - When the agent dies of a signal sh reports it on stderr ("Terminated",
 *   "Killed"), as a shell in a terminal would; that line in the pane is the only trace of the wrapper.
 * - A status above 128 means the agent died of a signal: re-raise it on ourselves so node-pty reports
 *   the signal, as it would have for the agent itself.
 */
export const WRAPPER_SCRIPT = [
  "trap 'wavelane_released=1' USR1",
  "trap ':' INT QUIT",
  'wavelane_token=$1',
  'shift',
  '"$@"',
  'wavelane_status=$?',
  `printf '\\033]${MARKER_OSC};%s\\007' "$wavelane_token"`,
  'while [ -z "$wavelane_released" ]; do',
  '  sleep 1 & wavelane_sleeper=$!',
  '  [ -z "$wavelane_released" ] && wait "$wavelane_sleeper"',
  '  kill "$wavelane_sleeper" 2>/dev/null',
  'done',
  'if [ "$wavelane_status" -gt 128 ]; then',
  '  wavelane_signal=$(kill -l "$wavelane_status" 2>/dev/null)',
  '  if [ -n "$wavelane_signal" ]; then trap - "$wavelane_signal"; kill -s "$wavelane_signal" $$; fi',
  'fi',
  'exit "$wavelane_status"',
].join('\n');

/** The argv that runs `file args...` under the wrapper. */
export function wrapCommand(file: string, args: readonly string[], token: string): { file: string; args: string[] } {
  return { file: WRAPPER_SHELL, args: ['-c', WRAPPER_SCRIPT, WRAPPER_NAME, token, file, ...args] };
}

/** The exact bytes the wrapper prints when the agent has exited. */
export function exitMarker(token: string): Buffer {
  return Buffer.from(`\x1b]${MARKER_OSC};${token}\x07`, 'utf8');
}
