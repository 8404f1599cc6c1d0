/** Inherited variables that would lie to the agent about its terminal (node-pty drops the same ones). */
const TERMINAL_ENV_TO_DROP = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'WINDOWID', 'TERMCAP', 'COLUMNS', 'LINES'];
/** Env var carrying a per-session random id; see killProcessTree's `envMarker`. */
export const SESSION_MARKER_ENV = 'WAVELANE_SESSION_ID';
/**
 * Inherited variables an agent must not see: Electron's own (`ELECTRON_RUN_AS_NODE` would turn a
 * child Electron app into plain Node) and Wavelane's (the browser host's token, a parent run's ids).
 */
const DROPPED_PREFIXES = ['WAVELANE_', 'ELECTRON_'];

export interface AgentEnvRequest {
  /** The environment to inherit (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** The profile's env (from the plan or a built-in). */
  env?: Record<string, string>;
  /** The user's own env for this profile (agent settings: keys, endpoints); wins over the plan's. */
  userEnv?: Record<string, string>;
  taskId: string;
  runId: string;
  /** The worktree. */
  cwd: string;
  promptFile: string;
  sessionMarker: string;
}

/**
 * The agent's environment: the inherited one, minus terminal variables that would be wrong inside our
 * pty (a stale COLUMNS beats the real size for `tput cols`) and anything of Electron's or Wavelane's
 * own (see DROPPED_PREFIXES); `COLORTERM=truecolor` because the pane is xterm.js, which renders 24-bit
 * colour (CLIs fall back to 256 colours without it); then the profile's env, then the user's settings
 * (their machine decides keys and endpoints, not a committed plan); then ours LAST, so neither can
 * spoof the task identity or the kill marker.
 */
export function buildAgentEnv(request: AgentEnvRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.baseEnv ?? process.env)) {
    if (value === undefined || TERMINAL_ENV_TO_DROP.includes(key) || DROPPED_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    env[key] = value;
  }
  env.COLORTERM = 'truecolor';
  Object.assign(env, request.env ?? {}, request.userEnv ?? {});
  env.WAVELANE_TASK_ID = request.taskId;
  env.WAVELANE_RUN_ID = request.runId;
  env.WAVELANE_WORKTREE = request.cwd;
  env.WAVELANE_PROMPT_FILE = request.promptFile;
  env[SESSION_MARKER_ENV] = request.sessionMarker;
  return env;
}
