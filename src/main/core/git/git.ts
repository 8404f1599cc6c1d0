import { spawn } from 'node:child_process';

/**
 * The one place that runs git. Arguments are always an array handed to the process directly (never a
 * shell string), so paths, branch names and messages cannot be interpreted by a shell.
 */

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin, then closed. */
  input?: string;
  /** Extra environment, on top of the process environment and the fixed settings below. */
  env?: Record<string, string>;
  /** Give up (and kill git) after this many milliseconds. */
  timeoutMs?: number;
}

/** Git must never stop to ask a question (it has no terminal here) and must answer in one language we parse. */
const FIXED_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: 'echo',
  LC_ALL: 'C',
  LANG: 'C',
};

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'GitError';
  }
}

/** Runs git and resolves with its exit code and output, whatever the code. */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args as string[], {
      cwd: options.cwd,
      env: { ...process.env, ...FIXED_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    if (options.timeoutMs) {
      timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    }
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errOut.push(chunk));
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(errOut).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {
      /* git may exit before reading its input; the exit code tells the story */
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns trimmed stdout; a non-zero exit is a `GitError`. */
export async function git(args: readonly string[], options: GitOptions): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new GitError(args, result);
  return result.stdout.replace(/\n$/, '');
}
