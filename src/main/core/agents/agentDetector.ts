import path from 'node:path';
import type { AgentDetection } from '../../../shared/agents/agentDetection';
import type { AgentSettings } from '../../../shared/agents/agentSettings';
import { Emitter } from '../events/emitter';
import { runShellCommand, shellQuote } from '../processes/shellCommand';
import { adapterFor } from './adapters';
import { BUILTIN_PROFILES } from './builtinProfiles';
import { findExecutable } from './checkAvailability';
import { compareVersions, parseCliVersion } from './cliVersion';

/** `--version` answers at once; a CLI that hangs (waiting for a login, a first-run prompt) is given up on, not waited for. */
export const VERSION_TIMEOUT_MS = 8_000;
/** A version line is short; more is a CLI printing something else. */
const VERSION_OUTPUT_BYTES = 4 * 1024;

export interface AgentDetectorOptions {
  /** The environment the CLIs would run in (its PATH is searched). */
  env: () => NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * `agents.detect`: for each built-in profile, whether its CLI is installed (the user's settings
 * `command` wins over the profile's), the version it reports, and a warning when that is older than the
 * version its adapter was tested with. One per core: a CLI's version is asked once per executable per
 * start (a settings change that names another executable asks that one), and nobody waits on it but the
 * caller of `detect`: the board shows what is cached and updates on `onDidDetect`.
 */
export class AgentDetector {
  private readonly versions = new Map<string, Promise<{ version?: string; warning?: string }>>();
  private last: AgentDetection[] | null = null;
  private readonly didDetect = new Emitter<AgentDetection[]>();
  readonly onDidDetect = this.didDetect.event;

  constructor(private readonly options: AgentDetectorOptions) {}

  /** The last detection, or null before the first finished. */
  get current(): readonly AgentDetection[] | null {
    return this.last;
  }

  async detect(settings: AgentSettings): Promise<AgentDetection[]> {
    const env = this.options.env();
    const cwd = this.options.cwd ?? process.cwd();
    const found = await Promise.all(
      BUILTIN_PROFILES.map(async (profile): Promise<AgentDetection> => {
        const command = settings.profiles[profile.id]?.command ?? profile.command;
        const tested = adapterFor(profile.id)?.recordedVersion;
        const base = { id: profile.id, command, ...(tested ? { testedVersion: tested } : {}) };
        const executable = await findExecutable(command, env.PATH, cwd);
        if (executable === null) return { ...base, available: false };
        let asked = this.versions.get(executable);
        if (!asked) {
          asked = askVersion(executable, command, tested, env, cwd);
          this.versions.set(executable, asked);
        }
        return { ...base, available: true, path: executable, ...(await asked) };
      }),
    );
    this.last = found;
    this.didDetect.fire(found);
    return found;
  }

  dispose(): void {
    this.didDetect.dispose();
  }
}

async function askVersion(
  executable: string,
  command: string,
  tested: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ version?: string; warning?: string }> {
  const name = path.basename(command);
  const run = await runShellCommand({
    command: `${shellQuote(executable)} --version`,
    cwd,
    timeoutMs: VERSION_TIMEOUT_MS,
    env: stringEnv(env),
    maxOutputBytes: VERSION_OUTPUT_BYTES,
  });
  const version = run.exitCode === 0 ? parseCliVersion(run.output) : null;
  if (version === null) {
    const why = run.timedOut ? `did not answer within ${VERSION_TIMEOUT_MS / 1000} s` : run.startError ?? `printed no version (exit ${run.exitCode ?? run.signal})`;
    return { warning: `${name} --version ${why}` };
  }
  if (tested && compareVersions(version, tested) < 0) {
    return { version, warning: `${name} ${version} is older than ${tested}, the version Wavelane was tested with` };
  }
  return { version };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
