import type { Plan, PlanIssue } from '../../../shared/plan/plan';
import { idProblem, quoteId as quote } from '../../../shared/plan/planId';
import { didYouMean } from './closestMatch';
import { findCycles, formatCycle, MAX_REPORTED_CYCLES } from './findCycles';
import { globProblem } from './globProblem';
import { sortInPlanOrder, toPlanIssue, type LocatedIssue, type PlanPath } from './planIssue';
import { TaskGraph } from './taskGraph';

export interface ValidatePlanOptions {
  /**
   * Ids of the built-in agent profiles. Agent names are checked only when this is given: the plan model
   * does not know which profiles the running app provides.
   */
  knownAgents?: readonly string[];
}

/** Agent ids listed in an "unknown agent" message; a longer list is cut, the hint still finds near misses. */
const MAX_LISTED_AGENTS = 12;

/**
 * Judges a well-shaped plan: ids, uniqueness, references, globs, cycles. Returns every problem, in the
 * order they appear in the plan; an empty list means the plan can run. Pure: it never touches the
 * repository or the file system.
 */
export function validatePlan(plan: Plan, options: ValidatePlanOptions = {}): PlanIssue[] {
  return sortInPlanOrder(collectPlanIssues(plan, options)).map((issue) => toPlanIssue(issue, plan));
}

/** validatePlan's problems with their paths, for callers that merge them with shape problems. */
export function collectPlanIssues(plan: Plan, options: ValidatePlanOptions = {}): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const add = (path: PlanPath, message: string) => issues.push({ path, message });

  const objectiveIds = checkIds(plan.objectives ?? [], 'objectives', 'objective', add);
  const adrIds = checkIds(plan.adrs ?? [], 'adrs', 'ADR', add);
  const taskIds = checkIds(plan.tasks, 'tasks', 'task', add);
  const agentIds = checkIds(plan.agents ?? [], 'agents', 'agent profile', add);
  const knownAgents = options.knownAgents ? [...new Set([...options.knownAgents, ...agentIds])] : undefined;

  const checkAgent = (agent: string, path: PlanPath) => {
    if (!knownAgents || knownAgents.includes(agent)) return;
    const listed = knownAgents.slice(0, MAX_LISTED_AGENTS).join(', ') + (knownAgents.length > MAX_LISTED_AGENTS ? ', …' : '');
    add(path, `unknown agent ${quote(agent)}${didYouMean(agent, knownAgents)}; known agents: ${listed}`);
  };
  const checkObjective = (objective: string | undefined, path: PlanPath) => {
    if (objective !== undefined && !objectiveIds.has(objective)) {
      add(path, `refers to objective ${quote(objective)}, which is not in the plan's objectives${didYouMean(objective, objectiveIds)}`);
    }
  };
  const checkGlobs = (globs: readonly string[] | undefined, path: PlanPath) => {
    globs?.forEach((glob, j) => {
      const problem = globProblem(glob);
      if (problem) add([...path, j], problem);
    });
  };

  if (plan.agent !== undefined) checkAgent(plan.agent, ['agent']);
  plan.adrs?.forEach((adr, i) => checkObjective(adr.objective, ['adrs', i, 'objective']));

  plan.tasks.forEach((task, i) => {
    checkObjective(task.objective, ['tasks', i, 'objective']);
    task.adrs?.forEach((adr, j) => {
      if (!adrIds.has(adr)) add(['tasks', i, 'adrs', j], `refers to ADR ${quote(adr)}, which is not in the plan's adrs${didYouMean(adr, adrIds)}`);
    });
    task.dependsOn?.forEach((dependency, j) => {
      if (dependency === task.id) add(['tasks', i, 'dependsOn', j], 'depends on itself');
      else if (!taskIds.has(dependency)) {
        add(['tasks', i, 'dependsOn', j], `depends on ${quote(dependency)}, which is not a task in this plan${didYouMean(dependency, taskIds)}`);
      }
    });
    if (task.agent !== undefined) checkAgent(task.agent, ['tasks', i, 'agent']);
    checkGlobs(task.files, ['tasks', i, 'files']);
    checkGlobs(task.reads, ['tasks', i, 'reads']);
  });
  checkGlobs(plan.copyFiles, ['copyFiles']);

  issues.push(...cycleIssues(plan));
  return issues;
}

/** Checks ids of one kind; returns every id present (valid or not), so a bad id is reported once, not at each reference. */
function checkIds(
  entries: readonly { id: string }[],
  list: string,
  noun: string,
  add: (path: PlanPath, message: string) => void,
): Set<string> {
  const firstAt = new Map<string, number>();
  entries.forEach(({ id }, i) => {
    const problem = idProblem(id);
    if (problem) add([list, i, 'id'], problem);
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, i);
    else add([list, i, 'id'], `duplicate ${noun} id ${quote(id)} (already used by ${list}[${first}])`);
  });
  return new Set(firstAt.keys());
}

/** Each distinct cycle once, on the task it starts from (its first in plan order); self-dependencies are reported apart. */
function cycleIssues(plan: Plan): LocatedIssue[] {
  const graph = TaskGraph.of(
    plan.tasks.map((task) => ({ id: task.id, dependsOn: task.dependsOn?.filter((dependency) => dependency !== task.id) })),
  );
  const { cycles, truncated } = findCycles(graph, MAX_REPORTED_CYCLES);
  const firstIndex = new Map<string, number>();
  plan.tasks.forEach((task, i) => {
    if (!firstIndex.has(task.id)) firstIndex.set(task.id, i);
  });
  const issues: LocatedIssue[] = cycles.map((cycle) => ({
    path: ['tasks', firstIndex.get(cycle[0] as string) ?? 0, 'dependsOn'],
    message: `dependency cycle: ${formatCycle(cycle)}`,
  }));
  const last = issues.at(-1);
  if (truncated && last) {
    issues.push({ path: last.path, message: `more dependency cycles exist; only the first ${MAX_REPORTED_CYCLES} are listed` });
  }
  return issues;
}
