import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanRuns } from '../core/runs/cleanRuns';

/** `wavelane clean [--repo DIR] [--force]`: removes what finished runs left; unmerged work only with --force. */
export async function cleanCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { repo: { type: 'string' }, force: { type: 'boolean' } } });
  const repo = path.resolve(values.repo ?? '.');
  const cleaned = await cleanRuns(repo, values.force ?? false);
  if (!cleaned.ok) {
    process.stderr.write(`wavelane: ${cleaned.error.message}\n`);
    return 2;
  }
  const { done, failed, kept } = cleaned.value;
  const describe = (action: (typeof done)[number]) =>
    action.kind === 'removeWorktree'
      ? `removed worktree ${action.path}`
      : action.kind === 'deleteBranch'
        ? `deleted branch ${action.branch}`
        : action.kind === 'removeRunDir'
          ? `removed run ${action.run}`
          : 'pruned stale worktree entries';
  for (const action of done) process.stdout.write(`${describe(action)} (${action.reason})\n`);
  for (const item of kept) process.stdout.write(`kept ${item.kind} ${item.name}: ${item.reason}\n`);
  for (const problem of failed) process.stderr.write(`could not ${describe(problem.action)}: ${problem.message}\n`);
  if (done.length === 0 && kept.length === 0) process.stdout.write('Nothing to clean.\n');
  if (kept.some((item) => item.kind !== 'run') && !values.force) {
    process.stdout.write('Kept items hold work the target does not have; `wavelane clean --force` discards them.\n');
  }
  return failed.length ? 1 : 0;
}
