import path from 'node:path';
import { GitPluginError } from 'simple-git';
import type { ContractError } from '../../../shared/result';
import { GitExit, gitFor } from './gitRunners';
import { spawnGit } from './spawnGit';

/**
 * The one place that runs git. Arguments are always an array handed to the process directly (never a
 * shell string), so paths, branch names and messages cannot be interpreted by a shell. Git runs through
 * simple-git (one instance per repository bounds the processes, see gitRunners.ts); a call with its own
 * environment or stdin takes the small spawn path (see spawnGit.ts for why). Nothing here throws for a
 * git that fails: `runGit` answers with the exit code, `git` with a Result.
 */

export interface GitResult {
  /** Git's exit code; -1 when git did not run to its end (it could not start, was killed or cancelled). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin, then closed. */
  input?: string;
  /** Extra environment, on top of the process environment and the fixed settings. */
  env?: Record<string, string>;
}

export type GitErrorCode =
  /** Git ran and exited non-zero. */
  | 'GIT_FAILED'
  /** Git printed nothing for GIT_SILENCE_TIMEOUT_MS and was killed. */
  | 'GIT_TIMEOUT'
  /** The repository's git processes were cancelled (cancelGit). */
  | 'GIT_CANCELLED'
  /** Git could not be started, or simple-git refused the arguments as unsafe. */
  | 'GIT_UNAVAILABLE';

/** A failed git call, as a value: the contract error plus what git said. */
export interface GitError extends ContractError<GitErrorCode> {
  args: readonly string[];
  /** Null when git did not exit by itself. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type GitOutcome<T> = { ok: true; value: T } | { ok: false; error: GitError };

/** Runs git; the outcome is the output of a zero exit, or the GitError saying what went wrong. */
async function execGit(args: readonly string[], options: GitOptions): Promise<GitOutcome<GitResult>> {
  const cwd = path.resolve(options.cwd);
  const failure = (code: GitErrorCode, exitCode: number | null, stdout: string, stderr: string, why?: string): GitOutcome<GitResult> => ({
    ok: false,
    error: {
      code,
      message: `git ${args.join(' ')} failed in ${cwd} (${why ?? `exit ${exitCode}`}): ${stderr.trim() || stdout.trim()}`.replace(/: $/, ''),
      where: cwd,
      args,
      exitCode,
      stdout,
      stderr,
    },
  });
  if (options.env !== undefined || options.input !== undefined) {
    const spawned = await spawnGit(args, { cwd, ...(options.env ? { env: options.env } : {}), ...(options.input !== undefined ? { input: options.input } : {}) });
    if (spawned.code === 0) return { ok: true, value: { code: 0, stdout: spawned.stdout, stderr: spawned.stderr } };
    if (spawned.code === null) return failure('GIT_UNAVAILABLE', null, spawned.stdout, spawned.stderr, spawned.error ?? 'killed');
    return failure('GIT_FAILED', spawned.code, spawned.stdout, spawned.stderr);
  }
  try {
    const instance = await gitFor(cwd);
    const stdout = await instance.raw(['-C', cwd, ...args]);
    return { ok: true, value: { code: 0, stdout, stderr: '' } };
  } catch (error) {
    if (error instanceof GitExit) {
      if (error.exitCode === null) return failure('GIT_UNAVAILABLE', null, error.stdout, error.stderr, 'killed by a signal');
      return failure('GIT_FAILED', error.exitCode, error.stdout, error.stderr);
    }
    if (error instanceof GitPluginError && error.plugin === 'timeout') return failure('GIT_TIMEOUT', null, '', '', 'no output for too long, killed');
    if (error instanceof GitPluginError && error.plugin === 'abort') return failure('GIT_CANCELLED', null, '', '', 'cancelled');
    return failure('GIT_UNAVAILABLE', null, '', '', error instanceof Error ? error.message : String(error));
  }
}

/** Runs git and resolves with its exit code and output, whatever the code; never rejects. */
export async function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const outcome = await execGit(args, options);
  if (outcome.ok) return outcome.value;
  const { exitCode, stdout, stderr, message } = outcome.error;
  return { code: exitCode ?? -1, stdout, stderr: exitCode === null ? stderr || message : stderr };
}

/** Runs git: its stdout without the final newline, or the GitError of a non-zero exit. */
export async function git(args: readonly string[], options: GitOptions): Promise<GitOutcome<string>> {
  const outcome = await execGit(args, options);
  return outcome.ok ? { ok: true, value: outcome.value.stdout.replace(/\n$/, '') } : outcome;
}
