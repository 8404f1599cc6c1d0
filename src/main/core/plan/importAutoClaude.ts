import { isValidId } from '../../../shared/plan/planId';
import { PLAN_VERSION, type Objective, type Plan, type PlanTask } from '../../../shared/plan/plan';
import { ok, type Result } from '../../../shared/result';
import { didYouMean } from './closestMatch';
import { sanitizeId, uniqueId } from './deriveId';
import { findCycles, formatCycle } from './findCycles';
import { describePath, invalidPlan, isRecord, sortInPlanOrder, toPlanIssue, type LocatedIssue, type PlanPath } from './planIssue';
import { TaskGraph } from './taskGraph';
import { taskTitle } from './taskTitle';

export interface AutoClaudeImport {
  plan: Plan;
  /** What the import decided on its own (derived ids, completed work), one sentence each, for the user to see. */
  notes: string[];
}

export const AUTO_CLAUDE_SOURCE = 'implementation_plan.json';

/** Auto-Claude's plan: phases of subtasks. A Wavelane plan has `tasks` instead. */
export function isAutoClaudePlan(json: unknown): boolean {
  return isRecord(json) && Array.isArray(json.phases) && !('tasks' in json);
}

interface Phase {
  index: number;
  raw: Record<string, unknown>;
  id: string;
  /** Auto-Claude's `phase` number (its position when absent); older files name dependencies by it. */
  number: string;
  name: string;
  parallelSafe: boolean;
  dependsOn: Phase[];
  subtasks: Subtask[];
}

interface Subtask {
  path: PlanPath;
  raw: Record<string, unknown>;
  id: string;
}

/**
 * Imports Auto-Claude's `implementation_plan.json`: phases become objectives, subtasks become tasks. A
 * subtask depends on every subtask of the phases its phase depends on (through empty phases to theirs);
 * in a phase that is not `parallel_safe` each subtask also waits for the one before it. `depends_on`
 * may name phases by id or by number. Keys Wavelane has no use for are ignored; a missing or unusable
 * subtask id gets a derived one, and every such decision is listed in `notes`.
 */
export function importAutoClaude(json: unknown, source = AUTO_CLAUDE_SOURCE): Result<AutoClaudeImport, 'INVALID_PLAN'> {
  const issues: LocatedIssue[] = [];
  const notes: string[] = [];
  const fail = () => invalidPlan(source, sortInPlanOrder(issues).map((issue) => toPlanIssue(issue, json)));

  if (!isRecord(json)) {
    issues.push({ path: [], message: 'an Auto-Claude plan must be a JSON object with "phases"' });
    return fail();
  }
  if (!Array.isArray(json.phases)) {
    issues.push({ path: ['phases'], message: json.phases === undefined ? 'is required (a list of phases)' : 'must be a list of phases' });
    return fail();
  }

  const phases = readPhases(json.phases, issues, notes);
  resolvePhaseDependencies(phases, issues);
  if (issues.length === 0) issues.push(...phaseCycles(phases));
  if (issues.length > 0) return fail();

  assignSubtaskIds(phases, json, notes);
  const feature = typeof json.feature === 'string' && json.feature.trim() ? json.feature.trim() : undefined;
  const tasks = phases.flatMap((phase) => phaseTasks(phase, feature, json, notes));
  const objectives: Objective[] = phases.map((phase) => {
    const objective: Objective = { id: phase.id, title: phase.name };
    if (typeof phase.raw.description === 'string' && phase.raw.description.trim()) objective.description = phase.raw.description;
    return objective;
  });

  const done = tasks.filter((task) => task.status === 'done').map((task) => task.id);
  if (done.length > 0) {
    notes.push(`${done.length} subtask${done.length === 1 ? ' was' : 's were'} already completed in Auto-Claude and ${done.length === 1 ? 'is' : 'are'} imported as done (not run): ${done.join(', ')}`);
  }
  const plan: Plan = { version: PLAN_VERSION, tasks };
  if (objectives.length > 0) plan.objectives = objectives;
  return ok({ plan, notes });
}

function readPhases(rawPhases: unknown[], issues: LocatedIssue[], notes: string[]): Phase[] {
  const phases: Phase[] = [];
  const takenIds = new Set<string>();
  const rawIds = rawPhases.map((raw) => (isRecord(raw) ? idText(raw.id) : undefined));
  // Valid ids are claimed first, so a derived id never takes one a later phase really has.
  rawIds.forEach((id) => {
    if (id !== undefined && isValidId(id)) takenIds.add(id);
  });
  const claimed = new Set<string>();

  rawPhases.forEach((raw, index) => {
    if (!isRecord(raw)) {
      issues.push({ path: ['phases', index], message: 'must be an object' });
      return;
    }
    const number = idText(raw.phase) ?? String(index + 1);
    const rawId = rawIds[index];
    let id: string;
    if (rawId !== undefined && isValidId(rawId) && !claimed.has(rawId)) {
      id = rawId;
    } else {
      id = uniqueId(sanitizeId(rawId ?? '') || sanitizeId(`phase-${number}`) || `phase-${index + 1}`, takenIds);
      if (rawId !== undefined) {
        const why = claimed.has(rawId) ? 'is used by an earlier phase' : 'is not a valid id';
        notes.push(`phases[${index}]: phase id ${JSON.stringify(rawId)} ${why}; imported as objective "${id}"`);
      }
    }
    claimed.add(id);
    const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : `Phase ${number}`;
    phases.push({ index, raw, id, number, name, parallelSafe: raw.parallel_safe === true, dependsOn: [], subtasks: readSubtasks(raw, index, issues, notes) });
  });
  return phases;
}

function readSubtasks(raw: Record<string, unknown>, index: number, issues: LocatedIssue[], notes: string[]): Subtask[] {
  // Older Auto-Claude files call subtasks "chunks".
  const key = 'subtasks' in raw ? 'subtasks' : 'chunks' in raw ? 'chunks' : undefined;
  const list = key === undefined ? undefined : raw[key];
  if (key === undefined || list === undefined || list === null) {
    notes.push(`phases[${index}]: has no subtasks; phases that depend on it wait for the phases it depends on`);
    return [];
  }
  if (!Array.isArray(list)) {
    issues.push({ path: ['phases', index, key], message: 'must be a list of subtasks' });
    return [];
  }
  const subtasks: Subtask[] = [];
  list.forEach((entry, k) => {
    if (isRecord(entry)) subtasks.push({ path: ['phases', index, key, k], raw: entry, id: '' });
    else issues.push({ path: ['phases', index, key, k], message: 'must be an object' });
  });
  if (list.length === 0) notes.push(`phases[${index}]: has no subtasks; phases that depend on it wait for the phases it depends on`);
  return subtasks;
}

function resolvePhaseDependencies(phases: Phase[], issues: LocatedIssue[]): void {
  const byId = new Map<string, Phase>();
  const byNumber = new Map<string, Phase>();
  for (const phase of phases) {
    const rawId = idText(phase.raw.id);
    if (rawId !== undefined && !byId.has(rawId)) byId.set(rawId, phase);
    if (!byId.has(phase.id)) byId.set(phase.id, phase);
    if (!byNumber.has(phase.number)) byNumber.set(phase.number, phase);
  }
  const names = [...byId.keys()];
  for (const phase of phases) {
    const raw = phase.raw.depends_on;
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) {
      issues.push({ path: ['phases', phase.index, 'depends_on'], message: 'must be a list of phase ids or numbers' });
      continue;
    }
    raw.forEach((entry, j) => {
      const path = ['phases', phase.index, 'depends_on', j];
      const key = idText(entry);
      if (key === undefined) {
        issues.push({ path, message: `must be a phase id or number, not ${JSON.stringify(entry)}` });
        return;
      }
      const target = byId.get(key) ?? byNumber.get(key);
      if (!target) issues.push({ path, message: `depends on phase ${JSON.stringify(key)}, which is not in this plan${didYouMean(key, names)}` });
      else if (target === phase) issues.push({ path, message: 'depends on itself' });
      else if (!phase.dependsOn.includes(target)) phase.dependsOn.push(target);
    });
  }
}

/** A cycle of phases would become a tangle of task cycles; it is reported once, in the file's own terms. */
function phaseCycles(phases: Phase[]): LocatedIssue[] {
  const graph = TaskGraph.of(phases.map((phase) => ({ id: phase.id, dependsOn: phase.dependsOn.map((d) => d.id) })));
  const indexOf = new Map(phases.map((phase) => [phase.id, phase.index]));
  return findCycles(graph).cycles.map((cycle) => ({
    path: ['phases', indexOf.get(cycle[0] as string) ?? 0, 'depends_on'],
    message: `phase dependency cycle: ${formatCycle(cycle)}`,
  }));
}

function assignSubtaskIds(phases: Phase[], doc: unknown, notes: string[]): void {
  const all = phases.flatMap((phase) => phase.subtasks.map((subtask, k) => ({ phase, subtask, k, rawId: idText(subtask.raw.id) })));
  const owner = new Map<string, Subtask>();
  for (const { subtask, rawId } of all) {
    if (rawId !== undefined && isValidId(rawId) && !owner.has(rawId)) owner.set(rawId, subtask);
  }
  const taken = new Set(owner.keys());
  for (const { phase, subtask, k, rawId } of all) {
    if (rawId !== undefined && owner.get(rawId) === subtask) {
      subtask.id = rawId;
      continue;
    }
    subtask.id = uniqueId(sanitizeId(rawId ?? '') || `${phase.id.slice(0, 56)}-${k + 1}`, taken);
    const where = describePath(subtask.path, doc);
    if (rawId === undefined) notes.push(`${where}: has no id; imported as task "${subtask.id}"`);
    else if (owner.has(rawId)) notes.push(`${where}: id ${JSON.stringify(rawId)} is already used by ${describePath((owner.get(rawId) as Subtask).path, doc)}; imported as task "${subtask.id}"`);
    else notes.push(`${where}: id ${JSON.stringify(rawId)} is not a valid id; imported as task "${subtask.id}"`);
  }
}

function phaseTasks(phase: Phase, feature: string | undefined, doc: unknown, notes: string[]): PlanTask[] {
  const upstream = upstreamSubtasks(phase);
  const context =
    `Context: ${feature ? `part of "${feature}", ` : ''}phase ${phase.number} "${phase.name}" ` +
    `(imported from Auto-Claude's implementation_plan.json).`;
  return phase.subtasks.map((subtask, k) => {
    const description = typeof subtask.raw.description === 'string' ? subtask.raw.description.trim() : '';
    if (!description) notes.push(`${describePath(subtask.path, doc)}: has no description; its prompt is only the phase context`);
    const dependsOn = [...upstream];
    const previous = phase.subtasks[k - 1];
    if (!phase.parallelSafe && previous) dependsOn.push(previous.id);
    const task: PlanTask = {
      id: subtask.id,
      title: taskTitle(description) || `Subtask ${subtask.id}`,
      prompt: description ? `${description}\n\n${context}` : context,
      objective: phase.id,
    };
    if (dependsOn.length > 0) task.dependsOn = dependsOn;
    if (subtask.raw.status === 'completed') task.status = 'done';
    return task;
  });
}

/** Every subtask of the phases `phase` depends on; an empty phase passes its own dependencies through. */
function upstreamSubtasks(phase: Phase): string[] {
  const ids: string[] = [];
  const seen = new Set<Phase>([phase]);
  const work = [...phase.dependsOn].reverse();
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    if (next.subtasks.length > 0) ids.push(...next.subtasks.map((subtask) => subtask.id));
    else work.push(...[...next.dependsOn].reverse());
  }
  return ids;
}

/** Ids may be strings or (in older files) numbers. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
