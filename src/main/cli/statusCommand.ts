import path from 'node:path';
import { parseArgs } from 'node:util';
import { readRunStatus } from '../core/runs/runStatus';
import { formatUsage } from '../../shared/run/usage';

/** `wavelane status [--repo DIR] [--json]`: the current or last run, per task (the same task objects as run --json). */
export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { repo: { type: 'string' }, json: { type: 'boolean' } } });
  const repo = path.resolve(values.repo ?? '.');
  const status = await readRunStatus(repo);
  if (!status.ok) {
    process.stderr.write(`wavelane: ${status.error.message}\n`);
    return 2;
  }
  if (!status.value) {
    if (values.json) process.stdout.write('null\n');
    else process.stdout.write(`No Wavelane run in ${repo} yet.\n`);
    return 0;
  }
  const run = status.value;
  if (values.json) {
    process.stdout.write(JSON.stringify(run) + '\n');
    return 0;
  }
  const lines = [`run ${run.run} ${run.state}, target ${run.target.branch}, started ${run.startedAt}`];
  const width = Math.max(4, ...run.tasks.map((task) => task.id.length));
  for (const task of run.tasks) {
    const detail = task.reason ?? (task.mergeCommit ? `merge ${task.mergeCommit.slice(0, 12)}` : '');
    const usage = task.usage ? `  (${formatUsage(task.usage)})` : '';
    lines.push(`  ${task.id.padEnd(width)}  ${task.status.padEnd(9)}  ${detail}${usage}`);
  }
  if (run.usage) lines.push(`  total: ${formatUsage(run.usage)}`);
  if (run.state === 'interrupted') lines.push('', 'Its owner is gone: run the same `wavelane run` again to resume it.');
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
