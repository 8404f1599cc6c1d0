/** Inherited variables that would lie to the agent about its terminal (node-pty drops the same ones). */
const TERMINAL_ENV_TO_DROP = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'WINDOWID', 'TERMCAP', 'COLUMNS', 'LINES'];
/** Env var carrying a per-session random id; see killProcessTree's `envMarker`. */
export const SESSION_MARKER_ENV = 'WAVELANE_SESSION_ID';

export interface AgentEnvRequest {
  /** The environment to inherit (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** The profile's env. */
  env?: Record<string, string>;
  taskId: string;
  runId: string;
  /** The worktree. */
  cwd: string;
  promptFile: string;
  sessionMarker: string;
}

/**
 * The agent's environment: the inherited one, minus terminal variables that would be wrong inside our
 * pty (a stale COLUMNS beats the real size for `tput cols`) and any inherited WAVELANE_* (Wavelane
 * running inside a Wavelane agent); plus the profile's env; plus ours LAST, so a profile cannot spoof
 * the task identity or the kill marker.
 */
export function buildAgentEnv(request: AgentEnvRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.baseEnv ?? process.env)) {
    if (value === undefined || TERMINAL_ENV_TO_DROP.includes(key) || key.startsWith('WAVELANE_')) continue;
    env[key] = value;
  }
  Object.assign(env, request.env ?? {});
  env.WAVELANE_TASK_ID = request.taskId;
  env.WAVELANE_RUN_ID = request.runId;
  env.WAVELANE_WORKTREE = request.cwd;
  env.WAVELANE_PROMPT_FILE = request.promptFile;
  env[SESSION_MARKER_ENV] = request.sessionMarker;
  return env;
}
