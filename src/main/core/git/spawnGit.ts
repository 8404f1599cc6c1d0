import { spawn } from 'node:child_process';
import path from 'node:path';
import { FIXED_ENV } from './gitRunners';

/**
 * The one departure from simple-git (see ARCHITECTURE.md): a git call that needs its own environment
 * (a commit identity, GIT_DIR) or writes to git's stdin (`commit-tree -F -`, `cat-file --batch-check`,
 * `check-ignore --stdin`). simple-git sets both per instance, not per call, and one instance per
 * repository is what bounds the processes, so setting them there would leak into concurrent calls.
 * These calls are few (a handful per task) and short.
 */
export interface SpawnedGit {
  /** Null when git could not be started at all (`error` says why). */
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

export function spawnGit(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<SpawnedGit> {
  return new Promise((resolve) => {
    // -C instead of the process's cwd: a missing folder is git's clear error, not a spawn failure.
    const child = spawn('git', ['-C', path.resolve(options.cwd), ...args], {
      cwd: path.parse(process.cwd()).root,
      env: { ...process.env, ...FIXED_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let failed: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errOut.push(chunk));
    child.on('error', (error) => {
      // 'close' may not follow a failed start: answer here too (a promise settles once).
      failed = error.message;
      resolve({ code: null, stdout: '', stderr: '', error: failed });
    });
    child.on('close', (code) =>
      resolve({
        code: failed ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(errOut).toString('utf8'),
        ...(failed ? { error: failed } : {}),
      }),
    );
    child.stdin.on('error', () => {
      /* git may exit before reading its input; the exit code tells the story */
    });
    child.stdin.end(options.input ?? '');
  });
}
