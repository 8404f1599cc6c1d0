import { randomUUID } from 'node:crypto';
import type { AgentSettings } from '../../../shared/agents/agentSettings';
import type { AgentProfile } from '../../../shared/plan/plan';
import { ok, type Result } from '../../../shared/result';
import { agentSettingsPath, loadAgentSettings } from '../storage/agentSettingsStore';
import type { AgentAdapter } from './agentEvent';
import { adapterFor } from './adapters';
import { expandProfile, type PromptContext } from './expandProfile';

/** The CLI conversation an earlier run of the task left, to continue it. */
export interface PreviousSession {
  /** The profile that ran it: a session is resumed only by the same adapter profile. */
  profile: string;
  sessionId: string;
  /** The folder it ran in. */
  cwd: string;
}

export interface AgentLaunchRequest extends PromptContext {
  profile: AgentProfile;
  /** The profile is the built-in one (no plan override): its adapter, if Wavelane has one, is used. */
  builtin: boolean;
  /** The user's settings, loaded once per run start; absent: read now from `settingsFile`. */
  settings?: AgentSettings;
  /** Where to read them when `settings` is absent (default: agentSettingsPath()). */
  settingsFile?: string;
  /** Continue this conversation when the same adapter profile runs again (a follow-up, a retry). */
  previous?: PreviousSession | null;
  /** Where the agent runs now (a retry runs in a new worktree). */
  cwd: string;
  budgetUsd?: number;
  /** Makes the new session id (Claude takes one up front); randomUUID by default, fixed in tests. */
  newId?: () => string;
}

/** What AgentSession.start needs, and what the caller records. */
export interface AgentLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The user's env for this profile (agent settings): wins over the profile's. */
  userEnv: Record<string, string>;
  /** Set for a built-in profile with structured output: the pane shows its transcript. */
  adapter?: AgentAdapter;
  /** The CLI session id known before the start (a resumed one, or the one given with `--session-id`). */
  sessionId?: string;
  resumed: boolean;
}

/** The part of a launch AgentSession.start takes: the process to run, its environment and its adapter. */
export function launchedProcess(launch: AgentLaunch): Pick<AgentLaunch, 'command' | 'args' | 'env' | 'userEnv' | 'adapter'> {
  const { command, args, env, userEnv, adapter } = launch;
  return { command, args, env, userEnv, ...(adapter ? { adapter } : {}) };
}

export type AgentLaunchError = 'SETTINGS_INVALID' | 'SETTINGS_UNREADABLE' | 'UNKNOWN_PLACEHOLDER';

/** The adapters that take a new session's id up front (Claude Code's `--session-id`). */
const CHOOSES_SESSION_ID = new Set(['claude-code']);
/**
 * CLIs that keep sessions per working folder (Claude Code: `~/.claude/projects/<cwd>/`): `--resume` from
 * another folder finds nothing, so a retry in a new worktree starts a new conversation there.
 */
const SESSIONS_PER_FOLDER = new Set(['claude-code']);

/**
 * The command line of one agent start, with the user's settings applied (`command` replaces the
 * executable, `args` go among the options before `--` / `--prompt=`, `env` goes to `userEnv`). A
 * built-in profile with an adapter gets the adapter's structured-output argv (and resumes `previous`
 * when it came from the same profile); any other profile is expanded from its templates, as written.
 */
export async function agentLaunch(request: AgentLaunchRequest): Promise<Result<AgentLaunch, AgentLaunchError>> {
  let settings = request.settings;
  if (!settings) {
    const loaded = await loadAgentSettings(request.settingsFile ?? agentSettingsPath());
    if (!loaded.ok) return loaded;
    settings = loaded.value;
  }
  const own = settings.profiles[request.profile.id] ?? {};
  const userEnv = { ...(own.env ?? {}) };
  const adapter = request.builtin ? adapterFor(request.profile.id) : undefined;
  if (!adapter) {
    const expanded = expandProfile(request.profile, request);
    if (!expanded.ok) return expanded;
    return ok({
      command: own.command ?? expanded.value.command,
      args: withOptions(expanded.value.args, own.args ?? []),
      env: expanded.value.env,
      userEnv,
      resumed: false,
    });
  }
  const previous = request.previous;
  const resumable = previous && previous.profile === request.profile.id && (previous.cwd === request.cwd || !SESSIONS_PER_FOLDER.has(adapter.id));
  const resume = resumable ? previous.sessionId : undefined;
  const newSessionId = !resume && CHOOSES_SESSION_ID.has(adapter.id) ? (request.newId ?? randomUUID)() : undefined;
  const args = adapter.headlessArgs({
    prompt: request.prompt,
    promptFile: request.promptFile,
    ...(resume ? { resumeSessionId: resume } : {}),
    ...(newSessionId ? { newSessionId } : {}),
    ...(request.budgetUsd !== undefined ? { budgetUsd: request.budgetUsd } : {}),
  });
  const sessionId = resume ?? newSessionId;
  return ok({
    command: own.command ?? adapter.command,
    args: withOptions(args, own.args ?? []),
    env: { ...(request.profile.env ?? {}) },
    userEnv,
    adapter,
    ...(sessionId ? { sessionId } : {}),
    resumed: resume !== undefined,
  });
}

/** Inserts `extra` where the options end: before the first `--` or `--prompt=...`, else at the end. */
export function withOptions(args: readonly string[], extra: readonly string[]): string[] {
  if (extra.length === 0) return [...args];
  const end = args.findIndex((arg) => arg === '--' || arg.startsWith('--prompt='));
  const at = end === -1 ? args.length : end;
  return [...args.slice(0, at), ...extra, ...args.slice(at)];
}
