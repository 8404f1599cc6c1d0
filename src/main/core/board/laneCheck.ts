import type { AgentInfo, BoardState } from '../../../shared/board/board';
import type { PlanTask } from '../../../shared/plan/plan';
import { validatePlan } from '../plan/validatePlan';
import { TaskGraph } from '../plan/taskGraph';

/** A problem of the board's plan, tied to its task when there is one (`tasks[2] (login-api).agent: ...`). */
export interface BoardProblem {
  taskId: string | null;
  message: string;
}

const TASK_WHERE = /^tasks\[\d+\] \(([^)]+)\)/;

/** Every problem of the board's plan (references, agents, globs, cycles), each tied to its task. */
export function boardProblems(board: BoardState, knownAgents: readonly string[]): BoardProblem[] {
  return validatePlan(board.plan, { knownAgents }).map((issue) => ({
    taskId: TASK_WHERE.exec(issue.where)?.[1] ?? null,
    message: `${issue.where}: ${issue.message}`,
  }));
}

/** The tasks a run of the lane schedules: the lane's tasks not done yet, plus the done tasks they depend on. */
export function laneTasks(board: BoardState, lane: readonly string[] = board.columns.runParallel): PlanTask[] {
  const byId = new Map(board.plan.tasks.map((task) => [task.id, task]));
  const chosen = lane.flatMap((id) => byId.get(id) ?? []).filter((task) => task.status !== 'done');
  const ids = new Set(chosen.map((task) => task.id));
  const done: PlanTask[] = [];
  for (const task of chosen) {
    for (const dep of task.dependsOn ?? []) {
      const found = byId.get(dep);
      if (found?.status === 'done' && !ids.has(dep)) {
        ids.add(dep);
        done.push(found);
      }
    }
  }
  return [...done, ...chosen];
}

/**
 * Why a task may not join the Run parallel lane, or null when it may: a problem of its own (unknown
 * reference, bad glob), an agent that is unknown or not installed, a dependency that is neither on the
 * lane nor done, or a dependency cycle the lane would close.
 */
export function refuseOnLane(board: BoardState, taskId: string, agents: readonly AgentInfo[], defaultAgent: string): string | null {
  const task = board.plan.tasks.find((candidate) => candidate.id === taskId);
  if (!task) return `There is no task ${taskId}`;
  if (task.status === 'done') return null;
  const agentId = task.agent ?? board.plan.agent ?? defaultAgent;
  const agent = agents.find((candidate) => candidate.id === agentId);
  if (!agent) return `${task.title}: unknown agent "${agentId}"`;
  if (!agent.available) return `${task.title}: agent "${agentId}" is not available (${agent.command} is not on PATH)`;
  const own = boardProblems(board, agents.map((a) => a.id)).find((problem) => problem.taskId === taskId);
  if (own) return own.message;
  const lane = new Set([...board.columns.runParallel, taskId]);
  const byId = new Map(board.plan.tasks.map((candidate) => [candidate.id, candidate]));
  for (const dep of task.dependsOn ?? []) {
    if (!lane.has(dep) && byId.get(dep)?.status !== 'done') {
      return `${task.title} depends on ${dep}, which is neither on Run parallel nor done: put ${dep} on the lane first`;
    }
  }
  const graph = TaskGraph.build(laneTasks(board, [...lane]));
  return graph.ok ? null : graph.error.message;
}
