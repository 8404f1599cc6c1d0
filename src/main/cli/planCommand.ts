import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Plan } from '../../shared/plan/plan';
import type { WavePreview } from '../../shared/board/board';
import { BUILTIN_PROFILES } from '../core/agents/builtinProfiles';
import { UsageError } from './UsageError';
import { lockSetOf } from '../core/locks/lockOverlap';
import { loadPlanFile } from '../core/plan/loadPlan';
import { computeWaves, findConflicts, type LockConflict } from '../core/scheduler/waves';

/** What `wavelane plan --json` prints: the contract for scripts. */
export interface PlanSummary {
  waves: string[][];
  criticalPath: string[];
  conflicts: LockConflict[];
}

/** Known agent ids for validation: the built-ins plus the plan's own (validatePlan adds the latter). */
export const BUILTIN_AGENT_IDS = BUILTIN_PROFILES.map((profile) => profile.id);

export function summarizePlan(preview: WavePreview): PlanSummary {
  return { waves: preview.waves, criticalPath: preview.criticalPath, conflicts: findConflicts(preview) };
}

function describeReason(preview: WavePreview, id: string): string {
  const reason = preview.reasons[id];
  if (!reason) return '';
  return reason.kind === 'dependency'
    ? `  (after ${reason.on})`
    : `  (waits for ${reason.globs.join(', ')} held by ${reason.heldBy})`;
}

/** The human-readable report: waves with each task's locks, the conflicts, the critical path. */
export function formatPlanReport(plan: Plan, preview: WavePreview, notes: string[]): string {
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  const lines: string[] = [];
  const done = plan.tasks.filter((task) => task.status === 'done');
  lines.push(`${plan.tasks.length} tasks in ${preview.waves.length} waves${done.length ? ` (${done.length} already done)` : ''}`);
  preview.waves.forEach((wave, index) => {
    lines.push('', `Wave ${index + 1}`);
    for (const id of wave) {
      const locks = lockSetOf(byId.get(id) ?? {});
      const held = [
        ...locks.exclusive.map((glob) => `${glob} (exclusive)`),
        ...locks.shared.map((glob) => `${glob} (shared)`),
      ];
      lines.push(`  ${id}  ${byId.get(id)?.title ?? ''}${describeReason(preview, id)}`);
      lines.push(`      locks: ${held.length ? held.join(', ') : 'none'}`);
    }
  });
  const conflicts = findConflicts(preview);
  lines.push('', 'Lock conflicts:');
  if (conflicts.length === 0) lines.push('  none');
  for (const conflict of conflicts) lines.push(`  ${conflict.task} waits for ${conflict.with} (${conflict.globs.join(', ')})`);
  lines.push('', `Critical path: ${preview.criticalPath.length ? preview.criticalPath.join(' -> ') : '(none)'}`);
  for (const note of notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/** A summary line naming the file, then one line per problem. */
export function formatPlanErrors(message: string, details: string[] | undefined): string {
  const lines = details && details.length > 1 ? [message, ...details.map((detail) => `  ${detail}`)] : [message];
  return lines.join('\n') + '\n';
}

/** `wavelane plan --plan FILE [--repo DIR] [--json]`: exit 0 valid, 2 invalid (errors on stderr, one per line). */
export async function planCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { plan: { type: 'string' }, repo: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.plan) throw new UsageError('--plan FILE is required');
  const file = path.resolve(values.plan);
  const loaded = await loadPlanFile(file, { knownAgents: BUILTIN_AGENT_IDS });
  if (!loaded.ok) {
    process.stderr.write(formatPlanErrors(loaded.error.message, loaded.error.details));
    return 2;
  }
  const preview = computeWaves(loaded.value.plan.tasks);
  if (!preview.ok) {
    process.stderr.write(`${preview.error.message}\n`);
    return 2;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(summarizePlan(preview.value)) + '\n');
  } else {
    process.stdout.write(formatPlanReport(loaded.value.plan, preview.value, loaded.value.notes));
  }
  return 0;
}
