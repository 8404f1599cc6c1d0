import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { AgentSettingsSchema, EMPTY_AGENT_SETTINGS, isSecretEnvName, type AgentSettings } from '../../../shared/agents/agentSettings';
import type { SecretCodec } from './secretCodec';
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

/** How an encrypted value sits in the file, in place of the plain string. */
interface EncryptedValue {
  enc: string;
}

const isEncrypted = (value: unknown): value is EncryptedValue =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as EncryptedValue).enc === 'string';

/**
 * The settings, or the empty ones when the file does not exist; a broken file is an error naming it and
 * the field. Env values stored encrypted (`{ "enc": "<base64>" }`) are decrypted with `codec`; one that
 * cannot be (no codec here, or another machine's key) is an error naming the field.
 */
export async function loadAgentSettings(file: string, codec?: SecretCodec): Promise<Result<AgentSettings, AgentSettingsError>> {
  const read = await readJsonResult(file);
  if (!read.ok) return err(read.error.code === 'FILE_CORRUPT' ? 'SETTINGS_INVALID' : 'SETTINGS_UNREADABLE', read.error.message, { where: file });
  if (read.value === null) return ok(structuredClone(EMPTY_AGENT_SETTINGS));
  const decrypted = await decryptValues(read.value, codec);
  if (typeof decrypted === 'string') return err('SETTINGS_INVALID', `${file}: ${decrypted}`, { where: file });
  const parsed = AgentSettingsSchema.safeParse(decrypted);
  if (!parsed.success) {
    return err('SETTINGS_INVALID', `${file}: ${summarizeIssues(parsed.error.issues)}`, { where: file });
  }
  return ok(parsed.data);
}

/**
 * Validates, then replaces the file atomically with owner-only permissions. With a codec, the values of
 * env keys that name a secret (isSecretEnvName) are written encrypted; without one, as plain text.
 */
export async function saveAgentSettings(file: string, settings: AgentSettings, codec?: SecretCodec): Promise<Result<null, AgentSettingsError>> {
  const parsed = AgentSettingsSchema.safeParse(settings);
  if (!parsed.success) return err('SETTINGS_INVALID', `Agent settings: ${summarizeIssues(parsed.error.issues)}`, { where: file });
  try {
    await writeFileAtomic(file, `${JSON.stringify(codec ? await encryptValues(parsed.data, codec) : parsed.data, null, 2)}\n`, SECRET_FILE_MODE);
  } catch (error) {
    return err('SETTINGS_UNREADABLE', `Cannot write ${file}: ${(error as Error).message}`, { where: file });
  }
  return ok(null);
}

async function encryptValues(settings: AgentSettings, codec: SecretCodec): Promise<unknown> {
  const profiles: Record<string, unknown> = {};
  for (const [id, profile] of Object.entries(settings.profiles)) {
    if (!profile.env) {
      profiles[id] = profile;
      continue;
    }
    const env: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(profile.env)) env[name] = isSecretEnvName(name) ? { enc: await codec.encrypt(value) } : value;
    profiles[id] = { ...profile, env };
  }
  return { ...settings, profiles };
}

/** The file's JSON with every `{ enc }` env value replaced by its plain text, or a message naming the one that cannot be read. */
async function decryptValues(json: unknown, codec: SecretCodec | undefined): Promise<unknown> {
  const profiles = (json as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null) return json;
  const out: Record<string, unknown> = {};
  for (const [id, profile] of Object.entries(profiles as Record<string, unknown>)) {
    const env = (profile as { env?: unknown } | null)?.env;
    if (typeof env !== 'object' || env === null) {
      out[id] = profile;
      continue;
    }
    const plainEnv: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(env as Record<string, unknown>)) {
      if (!isEncrypted(value)) {
        plainEnv[name] = value;
        continue;
      }
      const plain = codec ? await codec.decrypt(value.enc) : null;
      if (plain === null) {
        const why = codec ? "this machine's key store cannot decrypt it" : 'it was encrypted by the desktop app, and this host has no key store';
        return `profiles.${id}.env.${name}: ${why}; set it again`;
      }
      plainEnv[name] = plain;
    }
    out[id] = { ...(profile as object), env: plainEnv };
  }
  return { ...(json as object), profiles: out };
}
