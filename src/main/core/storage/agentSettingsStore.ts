import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { AgentSettingsSchema, EMPTY_AGENT_SETTINGS, type AgentSettings } from '../../../shared/agents/agentSettings';
import { readJsonResult, writeFileAtomic } from './atomicFile';
import { summarizeIssues } from './zodIssues';

/** The file holds keys: readable by its owner only. */
const SECRET_FILE_MODE = 0o600;

/**
 * Where the user's agent settings live: `$WAVELANE_CONFIG_DIR/agents.json`, else the platform's config
 * folder (`$XDG_CONFIG_HOME` or `~/.config` on Linux and macOS, as the CLIs it configures do; `%APPDATA%`
 * on Windows). Outside every repository, so nothing in it can be committed.
 */
export function agentSettingsPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.WAVELANE_CONFIG_DIR) return path.join(path.resolve(env.WAVELANE_CONFIG_DIR), 'agents.json');
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'wavelane', 'agents.json');
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, 'wavelane', 'agents.json');
}

export type AgentSettingsError = 'SETTINGS_UNREADABLE' | 'SETTINGS_INVALID';

/** The settings, or the empty ones when the file does not exist; a broken file is an error naming it and the field. */
export async function loadAgentSettings(file: string): Promise<Result<AgentSettings, AgentSettingsError>> {
  const read = await readJsonResult(file);
  if (!read.ok) return err(read.error.code === 'FILE_CORRUPT' ? 'SETTINGS_INVALID' : 'SETTINGS_UNREADABLE', read.error.message, { where: file });
  if (read.value === null) return ok(structuredClone(EMPTY_AGENT_SETTINGS));
  const parsed = AgentSettingsSchema.safeParse(read.value);
  if (!parsed.success) {
    return err('SETTINGS_INVALID', `${file}: ${summarizeIssues(parsed.error.issues)}`, { where: file });
  }
  return ok(parsed.data);
}

/** Validates, then replaces the file atomically with owner-only permissions. */
export async function saveAgentSettings(file: string, settings: AgentSettings): Promise<Result<null, AgentSettingsError>> {
  const parsed = AgentSettingsSchema.safeParse(settings);
  if (!parsed.success) return err('SETTINGS_INVALID', `Agent settings: ${summarizeIssues(parsed.error.issues)}`, { where: file });
  try {
    await writeFileAtomic(file, `${JSON.stringify(parsed.data, null, 2)}\n`, SECRET_FILE_MODE);
  } catch (error) {
    return err('SETTINGS_UNREADABLE', `Cannot write ${file}: ${(error as Error).message}`, { where: file });
  }
  return ok(null);
}
