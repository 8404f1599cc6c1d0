import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each CLI's environment and settings for a headless run against the scripted model server: a private
 * HOME (so nothing of the user's config is read or written), the server's URL, a dummy key, and every
 * update check, telemetry and non-essential request switched off.
 */

/** Not a real key: the scripted server accepts anything, and a real key must never be needed. */
export const DUMMY_KEY = 'sk-wavelane-test-dummy-key';

/** Claude Code: https://code.claude.com/docs/en/env-vars and /settings. */
export function claudeCodeEnv(home: string, serverUrl: string): Record<string, string> {
  const configDir = join(home, '.claude');
  mkdirSync(configDir, { recursive: true });
  return {
    HOME: home,
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: DUMMY_KEY,
    // Equivalent to DISABLE_AUTOUPDATER + DISABLE_BUG_COMMAND + DISABLE_ERROR_REPORTING + DISABLE_TELEMETRY; set those too.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
  };
}

/**
 * Codex: a model provider pointing at the server (https://developers.openai.com/codex/config-reference).
 * The model must be one Codex knows (its built-in model metadata): with an unknown slug it warns and
 * falls back to metadata that declares no apply_patch tool, so file edits would go through the shell.
 */
export function codexEnv(home: string, serverUrl: string, options: { maxRetries?: number } = {}): Record<string, string> {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model = "gpt-5.5"',
      'model_provider = "wavelane-test"',
      'check_for_update_on_startup = false',
      '',
      '[analytics]',
      'enabled = false',
      '',
      '[feedback]',
      'enabled = false',
      '',
      '[model_providers.wavelane-test]',
      'name = "Wavelane scripted model server"',
      `base_url = "${serverUrl}/v1"`,
      'wire_api = "responses"',
      'env_key = "WAVELANE_TEST_OPENAI_KEY"',
      // Retries are the CLI's own; 0 lets a scripted 429 end the run instead of being retried away.
      `request_max_retries = ${options.maxRetries ?? 4}`,
      `stream_max_retries = ${options.maxRetries ?? 4}`,
      '',
    ].join('\n'),
  );
  return { HOME: home, CODEX_HOME: codexHome, WAVELANE_TEST_OPENAI_KEY: DUMMY_KEY };
}
