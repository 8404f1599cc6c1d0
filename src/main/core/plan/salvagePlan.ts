import type { Adr, AgentProfile, Objective, Plan, PlanTask } from '../../../shared/plan/plan';
import { isRecord } from './planIssue';

/**
 * A best-effort typed reading of a plan whose shape is wrong, so that validatePlan can still judge the
 * parts that are readable (references, globs, cycles) and one run reports every problem. Elements keep
 * their index (a mis-shaped one becomes an empty placeholder) so that paths in messages stay right;
 * issues under a path the shape check already reported are dropped by the caller.
 */
export function salvagePlan(raw: unknown): Plan {
  const doc = isRecord(raw) ? raw : {};
  const plan: Plan = { version: 1, tasks: list(doc.tasks).map(salvageTask) };
  const agent = text(doc.agent);
  if (agent !== undefined) plan.agent = agent;
  if (Array.isArray(doc.objectives)) plan.objectives = doc.objectives.map(salvageObjective);
  if (Array.isArray(doc.adrs)) plan.adrs = doc.adrs.map(salvageAdr);
  if (Array.isArray(doc.agents)) plan.agents = doc.agents.map(salvageAgent);
  if (Array.isArray(doc.copyFiles)) plan.copyFiles = texts(doc.copyFiles);
  return plan;
}

function salvageObjective(raw: unknown): Objective {
  const doc = isRecord(raw) ? raw : {};
  return { id: text(doc.id) ?? '', title: text(doc.title) ?? '' };
}

function salvageAdr(raw: unknown): Adr {
  const doc = isRecord(raw) ? raw : {};
  const adr: Adr = { id: text(doc.id) ?? '', title: text(doc.title) ?? '' };
  const objective = text(doc.objective);
  if (objective !== undefined) adr.objective = objective;
  return adr;
}

function salvageTask(raw: unknown): PlanTask {
  const doc = isRecord(raw) ? raw : {};
  const task: PlanTask = { id: text(doc.id) ?? '', title: text(doc.title) ?? '', prompt: text(doc.prompt) ?? '' };
  const objective = text(doc.objective);
  if (objective !== undefined) task.objective = objective;
  const agent = text(doc.agent);
  if (agent !== undefined) task.agent = agent;
  for (const key of ['adrs', 'dependsOn', 'files', 'reads'] as const) {
    if (Array.isArray(doc[key])) task[key] = texts(doc[key]);
  }
  return task;
}

function salvageAgent(raw: unknown): AgentProfile {
  const doc = isRecord(raw) ? raw : {};
  return { id: text(doc.id) ?? '', command: text(doc.command) ?? '' };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-string entry becomes '' so the others keep their index; it is already a shape issue at that index. */
function texts(values: unknown[]): string[] {
  return values.map((value) => (typeof value === 'string' ? value : ''));
}
