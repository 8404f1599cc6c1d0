import {
  AGENT_SETTINGS_VERSION,
  AgentSettingsSchema,
  MAX_PROFILE_PARALLEL,
  type AgentProfileSettings,
  type AgentSettings,
} from '../../../shared/agents/agentSettings';
import { err, ok, type Result } from '../../../shared/result';

/** One environment row of the form: what the user typed, even half-way. */
export interface EnvRow {
  name: string;
  value: string;
}

/** One profile's settings as the Agent settings dialog edits them (text fields, as typed). */
export interface ProfileForm {
  command: string;
  /** One argument per line. */
  args: string;
  /** Empty for "no cap". */
  maxParallel: string;
  env: EnvRow[];
}

export const EMPTY_PROFILE_FORM: ProfileForm = { command: '', args: '', maxParallel: '', env: [] };

export function settingsToForms(settings: AgentSettings): Record<string, ProfileForm> {
  const forms: Record<string, ProfileForm> = {};
  for (const [id, profile] of Object.entries(settings.profiles)) {
    forms[id] = {
      command: profile.command ?? '',
      args: (profile.args ?? []).join('\n'),
      maxParallel: profile.maxParallel === undefined ? '' : String(profile.maxParallel),
      env: Object.entries(profile.env ?? {}).map(([name, value]) => ({ name, value })),
    };
  }
  return forms;
}

/**
 * The settings the forms describe, or what is wrong naming the profile and the field. Empty lines of
 * arguments and empty env rows are dropped; a profile left empty is left out.
 */
export function formsToSettings(forms: Record<string, ProfileForm>): Result<AgentSettings> {
  const profiles: Record<string, AgentProfileSettings> = {};
  for (const [id, form] of Object.entries(forms)) {
    const profile: AgentProfileSettings = {};
    if (form.command.trim()) profile.command = form.command.trim();
    const args = form.args.split('\n').filter((line) => line.trim() !== '');
    if (args.length > 0) profile.args = args;
    if (form.maxParallel.trim()) {
      const cap = Number(form.maxParallel);
      if (!Number.isInteger(cap) || cap < 1 || cap > MAX_PROFILE_PARALLEL) {
        return err('SETTINGS_INVALID', `${id}: Max parallel must be a whole number from 1 to ${MAX_PROFILE_PARALLEL}, or empty for no cap`);
      }
      profile.maxParallel = cap;
    }
    const env: Record<string, string> = {};
    for (const row of form.env) {
      const name = row.name.trim();
      if (!name && !row.value) continue;
      if (!name) return err('SETTINGS_INVALID', `${id}: an environment value has no variable name`);
      if (name in env) return err('SETTINGS_INVALID', `${id}: the environment variable ${name} is set twice`);
      env[name] = row.value;
    }
    if (Object.keys(env).length > 0) profile.env = env;
    if (Object.keys(profile).length > 0) profiles[id] = profile;
  }
  const parsed = AgentSettingsSchema.safeParse({ version: AGENT_SETTINGS_VERSION, profiles });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // profiles.<id>.env.<NAME>: the path names the profile and the field.
    const where = issue.path.slice(1).map(String).join('.');
    return err('SETTINGS_INVALID', `${where}: ${issue.message}`);
  }
  return ok(parsed.data);
}
