import type { Adr, AgentProfile, Objective, Plan, PlanTask } from '../../../shared/plan/plan';

/** Two spaces: the indentation of the examples and of most hand-written JSON. */
const INDENT = 2;

/**
 * A plan as the JSON text of its file: fields in the documented order whatever order the object was
 * built in, empty optional lists and objects left out, nothing outside the format kept, so the output is
 * stable (diff-friendly) and `loadPlanText(serializePlan(plan))` reads the same plan back.
 */
export function serializePlan(plan: Plan): string {
  const document = compact({
    version: plan.version,
    agent: plan.agent,
    objectives: plan.objectives?.map(objectiveFields),
    adrs: plan.adrs?.map(adrFields),
    tasks: plan.tasks.map(taskFields),
    agents: plan.agents?.map(agentFields),
    setup: plan.setup,
    copyFiles: plan.copyFiles,
    verify: plan.verify,
  });
  return `${JSON.stringify(document, null, INDENT)}\n`;
}

function objectiveFields(objective: Objective): Record<string, unknown> {
  return compact({ id: objective.id, title: objective.title, description: objective.description });
}

function adrFields(adr: Adr): Record<string, unknown> {
  return compact({
    id: adr.id,
    objective: adr.objective,
    title: adr.title,
    status: adr.status,
    context: adr.context,
    decision: adr.decision,
    consequences: adr.consequences,
  });
}

function taskFields(task: PlanTask): Record<string, unknown> {
  return compact({
    id: task.id,
    title: task.title,
    prompt: task.prompt,
    objective: task.objective,
    adrs: task.adrs,
    dependsOn: task.dependsOn,
    files: task.files,
    reads: task.reads,
    agent: task.agent,
    timeoutSec: task.timeoutSec,
    retries: task.retries,
    priority: task.priority,
    estimateSec: task.estimateSec,
    budgetUsd: task.budgetUsd,
    budgetTokens: task.budgetTokens,
    review: task.review,
    status: task.status,
  });
}

function agentFields(agent: AgentProfile): Record<string, unknown> {
  return compact({ id: agent.id, command: agent.command, args: agent.args, env: agent.env });
}

/** The fields in the given order, without undefined values, empty lists or empty objects (`tasks` is always kept). */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && key !== 'tasks') continue;
    if (isPlainObject(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
