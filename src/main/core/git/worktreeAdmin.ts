import { setTimeout as delay } from 'node:timers/promises';
import { runGit, type GitResult } from './git';

/**
 * `git worktree add/remove/prune` rewrite `.git/worktrees/` file by file, and every worktree command
 * reads all of it: two of them at once in one repository can see a half-written entry and fail
 * ("failed to read .../commondir"). Within this process they take turns per repository; across
 * processes a failure of that kind is retried briefly.
 */
const queues = new Map<string, Promise<unknown>>();
const RETRIES = 10;
const RETRY_MS = 50;
const HALF_WRITTEN = /failed to read .*worktrees\/|worktrees\/[^\s]*: No such file|could not lock config file/;

export function runWorktreeAdmin(repo: string, args: readonly string[]): Promise<GitResult> {
  const previous = queues.get(repo) ?? Promise.resolve();
  const next = previous.then(async () => {
    let result = await runGit(args, { cwd: repo });
    for (let retry = 0; retry < RETRIES && result.code !== 0 && HALF_WRITTEN.test(result.stderr); retry++) {
      await delay(RETRY_MS);
      result = await runGit(args, { cwd: repo });
    }
    return result;
  });
  const settled = next.catch(() => undefined);
  queues.set(repo, settled);
  void settled.then(() => {
    if (queues.get(repo) === settled) queues.delete(repo);
  });
  return next;
}
