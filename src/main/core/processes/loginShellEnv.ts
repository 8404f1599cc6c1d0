import { execFile } from 'node:child_process';
import { err, ok, type Result } from '../../../shared/result';

/**
 * The environment of the user's login shell. A desktop app started from a launcher (Dock, Start menu,
 * a .desktop file) inherits the session's environment, not what the user's shell profile exports, so
 * `ANTHROPIC_API_KEY` set in ~/.zshrc would be missing for every agent. VS Code solves this the same
 * way: run `$SHELL -i -l -c` once at start and have it print its environment. Node (or Electron as Node)
 * prints it as JSON between markers, so banners a profile echoes cannot corrupt the result.
 */

/** A slow profile (nvm, conda) can take seconds; past this the app starts with what it has. */
export const LOGIN_SHELL_TIMEOUT_MS = 10_000;
const MARKER = '__WAVELANE_ENV_7f3a__';
/** Variables that describe the probe itself, not the user's environment. */
const PROBE_VARIABLES = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'SHLVL', '_', 'PWD', 'OLDPWD'];

export interface LoginShellEnvInput {
  /** The shell to ask (default `$SHELL`). */
  shell?: string;
  /** The environment the probe starts from (default this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  /** A Node-compatible binary to print the environment (default this process's: Node, or Electron as Node). */
  execPath?: string;
  timeoutMs?: number;
}

export type LoginShellEnvError = 'NO_SHELL' | 'SHELL_FAILED';

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function readLoginShellEnv(input: LoginShellEnvInput = {}): Promise<Result<Record<string, string>, LoginShellEnvError>> {
  const baseEnv = input.baseEnv ?? process.env;
  const shell = input.shell ?? baseEnv.SHELL;
  if (!shell) return Promise.resolve(err('NO_SHELL', 'No login shell to read the environment from: $SHELL is not set.'));
  const node = input.execPath ?? process.execPath;
  const script = `console.log(${JSON.stringify(MARKER)} + JSON.stringify(process.env) + ${JSON.stringify(MARKER)})`;
  const command = `${quote(node)} -e ${quote(script)}`;
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-i', '-l', '-c', command],
      {
        env: { ...baseEnv, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ATTACH_CONSOLE: '1' },
        timeout: input.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout) => {
        const start = stdout.indexOf(MARKER);
        const end = stdout.lastIndexOf(MARKER);
        if (start === -1 || end <= start) {
          const why = error ? error.message.split('\n')[0] : 'it printed no environment';
          resolve(err('SHELL_FAILED', `Reading the environment of the login shell ${shell} failed: ${why}.`, { where: shell }));
          return;
        }
        try {
          const parsed = JSON.parse(stdout.slice(start + MARKER.length, end)) as Record<string, unknown>;
          const env: Record<string, string> = {};
          for (const [key, value] of Object.entries(parsed)) {
            if (typeof value === 'string' && !PROBE_VARIABLES.includes(key)) env[key] = value;
          }
          resolve(ok(env));
        } catch (parseError) {
          resolve(err('SHELL_FAILED', `The login shell ${shell} printed an unreadable environment: ${(parseError as Error).message}.`, { where: shell }));
        }
      },
    );
  });
}

/**
 * The login shell's variables merged under the app's own: a variable the app already has keeps its value
 * (what the launcher or the user's command line set wins). PATH alone is joined, the shell's entries
 * first: a launcher's PATH is the bare system one, and the user's CLIs (~/.local/bin, nvm's bin) are
 * exactly what the shell's adds.
 */
export function mergeLoginShellEnv(appEnv: NodeJS.ProcessEnv, shellEnv: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...shellEnv, ...appEnv };
  if (shellEnv.PATH && appEnv.PATH) {
    merged.PATH = [...new Set([...shellEnv.PATH.split(':'), ...appEnv.PATH.split(':')].filter(Boolean))].join(':');
  }
  return merged;
}

/**
 * At the desktop app's start, before the core exists: adds the login shell's environment to `target`
 * (process.env) as mergeLoginShellEnv says. A failure is one line in `log` and the app goes on with
 * what it has.
 */
export async function applyLoginShellEnv(
  target: NodeJS.ProcessEnv,
  log: (line: string) => void,
  input: LoginShellEnvInput = {},
): Promise<void> {
  const read = await readLoginShellEnv({ baseEnv: target, ...input });
  if (!read.ok) {
    log(`[wavelane] ${read.error.message} Agents get the app's own environment.`);
    return;
  }
  const merged = mergeLoginShellEnv(target, read.value);
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) target[key] = value;
}
