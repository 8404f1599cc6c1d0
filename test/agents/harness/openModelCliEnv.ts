import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCRIPTED_MODEL } from '../modelServer/openaiChat';
import { DUMMY_KEY } from './cliEnv';

/**
 * The environment and settings of Gemini CLI, opencode and Qwen Code for a headless run against the
 * scripted model server (the same rules as cliEnv.ts: a private HOME, the server's URL, a dummy key,
 * update checks and telemetry off). Every key below was read from the CLI's own settings schema in its
 * npm package (the versions in versions.json), not guessed.
 */

/** The Gemini model the tests name: fixed, so the CLI's "auto" routing (an extra classifier call) is off. */
export const GEMINI_TEST_MODEL = 'gemini-2.5-pro';

/**
 * Gemini CLI 0.61: `~/.gemini/settings.json` (its home moved with GEMINI_CLI_HOME as well as HOME):
 * `security.auth.selectedType = "gemini-api-key"` with GEMINI_API_KEY, and GOOGLE_GEMINI_BASE_URL for the
 * endpoint (the SDK reads it for that auth type); `general.enableAutoUpdate(Notification) = false`,
 * `privacy.usageStatisticsEnabled = false` (Clearcut usage statistics) and `telemetry.enabled = false`;
 * `model.name` fixed; `general.maxAttempts` on request. Trust is not configured here: the adapter passes `--skip-trust`, as in a worktree.
 */
export function geminiEnv(home: string, serverUrl: string, options: { maxAttempts?: number } = {}): Record<string, string> {
  const dir = join(home, '.gemini');
  mkdirSync(dir, { recursive: true });
  const settings = {
    // maxAttempts: the CLI's own retries of the chat model (default 10, with 5-30 s backoff); fewer let a
    // scripted 429 end the run in seconds.
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    security: { auth: { selectedType: 'gemini-api-key' } },
    model: { name: GEMINI_TEST_MODEL },
  };
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return { HOME: home, GEMINI_CLI_HOME: home, GEMINI_API_KEY: DUMMY_KEY, GOOGLE_GEMINI_BASE_URL: serverUrl };
}

/** What the opencode test provider charges, in USD per million tokens (opencode prices each step with it). */
export const OPENCODE_TEST_PRICES = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 } as const;

/**
 * opencode 1.18: a provider `wavelane-test` on its bundled `@ai-sdk/openai-compatible` with the server's
 * `/v1` as `baseURL`, one model with a price (so `step_finish.cost` is computed), given as OPENCODE_CONFIG.
 * `autoupdate: false`, `share: "disabled"`; OPENCODE_DISABLE_AUTOUPDATE, _MODELS_FETCH (models.dev),
 * _SHARE, _LSP_DOWNLOAD and _DEFAULT_PLUGINS keep it off the network. XDG dirs under the private HOME
 * hold its database (`~/.local/share/opencode`), where four fresh starts race (see opencode.test.ts).
 */
export function opencodeEnv(home: string, serverUrl: string): Record<string, string> {
  mkdirSync(home, { recursive: true });
  const configFile = join(home, 'opencode.json');
  const config = {
    $schema: 'https://opencode.ai/config.json',
    autoupdate: false,
    share: 'disabled',
    model: `wavelane-test/${SCRIPTED_MODEL}`,
    provider: {
      'wavelane-test': {
        npm: '@ai-sdk/openai-compatible',
        name: 'Wavelane scripted model server',
        options: { baseURL: `${serverUrl}/v1`, apiKey: DUMMY_KEY },
        models: { [SCRIPTED_MODEL]: { name: 'Scripted', cost: OPENCODE_TEST_PRICES, limit: { context: 200_000, output: 8_192 } } },
      },
    },
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    OPENCODE_CONFIG: configFile,
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
  };
}

/**
 * Qwen Code 0.24: `~/.qwen/settings.json` with `security.auth.selectedType = "openai"` and the endpoint
 * in OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL; `general.enableAutoUpdate = false`,
 * `privacy.usageStatisticsEnabled = false`, `telemetry.enabled = false`,
 * `memory.enableManagedAutoMemory = false`, `memory.enableManagedAutoDream = false`.
 */
export function qwenCodeEnv(home: string, serverUrl: string): Record<string, string> {
  const dir = join(home, '.qwen');
  mkdirSync(dir, { recursive: true });
  const settings = {
    general: { enableAutoUpdate: false },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    security: { auth: { selectedType: 'openai' } },
    // Its background memory extraction (a model call after each run, counted in the session's total but
    // in no stream line) and memory consolidation: off, so the server sees only the scripted turns.
    memory: { enableManagedAutoMemory: false, enableManagedAutoDream: false },
  };
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return { HOME: home, OPENAI_BASE_URL: `${serverUrl}/v1`, OPENAI_API_KEY: DUMMY_KEY, OPENAI_MODEL: SCRIPTED_MODEL };
}
