import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_PARALLEL } from '../limits';

/**
 * The user's own agent settings (`~/.config/wavelane/agents.json`): per profile, the environment
 * (keys, endpoints), extra arguments, a different executable, and how many of that agent may run at once.
 * They live with the user, never in a plan (a plan is committed; a key in it would be too), and they
 * apply to the built-in profiles and to a plan's own profiles alike.
 */
export const AGENT_SETTINGS_VERSION = 1;

/** An environment variable name as POSIX shells accept it. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** More than any real profile needs; keeps a pasted file or a runaway loop from becoming argv. */
export const MAX_SETTINGS_ARGS = 64;
export const MAX_SETTINGS_VALUE_CHARS = 16 * 1024;
/** The same ceiling as a run's max parallel. */
export const MAX_PROFILE_PARALLEL = MAX_PARALLEL;

export const AgentProfileSettingsSchema = z
  .object({
    /** Added over the inherited environment and the plan profile's env: the user's machine decides. */
    env: z
      .record(z.string().regex(ENV_NAME, 'is not a valid environment variable name'), z.string().max(MAX_SETTINGS_VALUE_CHARS))
      .optional(),
    /** Appended to the profile's options, before `--` and the prompt. */
    args: z.array(z.string().max(MAX_SETTINGS_VALUE_CHARS)).max(MAX_SETTINGS_ARGS).optional(),
    /** An absolute path or a name on PATH, instead of the profile's command. */
    command: z.string().min(1).max(4096).optional(),
    /** At most this many agents of the profile at once ("at most 2 Claude Code at a time"). */
    maxParallel: z.number().int().min(1).max(MAX_PROFILE_PARALLEL).optional(),
  })
  .strict();

export const AgentSettingsSchema = z
  .object({
    version: z.literal(AGENT_SETTINGS_VERSION),
    profiles: z.record(z.string().min(1).max(MAX_ID_LENGTH), AgentProfileSettingsSchema).default({}),
  })
  .strict();

export type AgentProfileSettings = z.infer<typeof AgentProfileSettingsSchema>;
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;

export const EMPTY_AGENT_SETTINGS: AgentSettings = { version: AGENT_SETTINGS_VERSION, profiles: {} };

/** The user's own executable per profile id (where `command` is set): what availability checks look for. */
export function settingsCommands(settings: AgentSettings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings.profiles).flatMap(([id, own]) => (own.command ? [[id, own.command]] : [])));
}

/** Names that hold a secret by convention (`ANTHROPIC_API_KEY`, `GITHUB_TOKEN`, `DB_PASSWORD`): masked on screen, encrypted at rest where the host can. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD/i;

export function isSecretEnvName(name: string): boolean {
  return SECRET_NAME.test(name);
}
