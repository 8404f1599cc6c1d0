import path from 'node:path';
import type { AgentInfo, BoardSettings, BoardState, PlanningColumn, WavePreview } from '../../../shared/board/board';
import type { Adr, Objective, PlanTask } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { BUILTIN_PROFILES } from '../agents/builtinProfiles';
import { ProfileRegistry } from '../agents/profileRegistry';
import { BoardStore } from '../storage/boardStore';
import { loadPlanText } from '../plan/loadPlan';
import { serializePlan } from '../plan/serializePlan';
import { computeWaves } from '../scheduler/waves';
import { DEFAULT_AGENT } from '../runs/prepareRun';
import { boardProblems, laneTasks, refuseOnLane, type BoardProblem } from './laneCheck';
import { mergeImportedPlan } from './mergeImportedPlan';

export type BoardError = 'INVALID_PLAN' | 'NOT_FOUND' | 'REFUSED';

const BUILTIN_IDS = BUILTIN_PROFILES.map((profile) => profile.id);
const EMPTY_PREVIEW: WavePreview = { waves: [], reasons: {}, criticalPath: [] };

/**
 * The board of one repository: the plan being edited and where each card sits, saved by the core's
 * persistence after every change. Edits may leave problems (a dependency on a task not written yet);
 * those are listed with their task, and only the Run parallel lane refuses a task that has one.
 */
export class BoardService {
  private constructor(
    readonly repo: string,
    private readonly store: BoardStore,
    private board: BoardState,
  ) {}

  static async open(repo: string): Promise<Result<BoardService, 'NOT_A_REPO' | 'BOARD_UNREADABLE' | 'BOARD_CORRUPT' | 'BOARD_VERSION'>> {
    const store = await BoardStore.open(repo);
    if (!store.ok) return store;
    const loaded = await store.value.load();
    if (!loaded.ok) return loaded;
    return ok(new BoardService(repo, store.value, loaded.value.board));
  }

  get state(): BoardState {
    return this.board;
  }

  get defaultAgent(): string {
    return this.board.plan.agent ?? DEFAULT_AGENT;
  }

  async agents(): Promise<AgentInfo[]> {
    const registry = ProfileRegistry.create(this.board.plan.agents ?? []);
    if (!registry.ok) return [];
    const availability = await registry.value.checkAvailability(process.env.PATH, this.repo);
    return registry.value.list().map((profile) => ({
      id: profile.id,
      command: profile.command,
      builtin: BUILTIN_IDS.includes(profile.id) && !registry.value.overridden.includes(profile.id),
      available: availability.find((entry) => entry.id === profile.id)?.available ?? false,
    }));
  }

  problems(agents: readonly AgentInfo[]): BoardProblem[] {
    return boardProblems(this.board, agents.map((agent) => agent.id));
  }

  preview(): WavePreview {
    const waves = computeWaves(laneTasks(this.board));
    return waves.ok ? waves.value : EMPTY_PREVIEW;
  }

  task(id: string): PlanTask | undefined {
    return this.board.plan.tasks.find((task) => task.id === id);
  }

  async saveTask(input: PlanTask): Promise<Result<void, BoardError>> {
    const tasks = [...this.board.plan.tasks];
    const index = tasks.findIndex((task) => task.id === input.id);
    const columns = structuredClone(this.board.columns);
    if (index >= 0) {
      const kept = tasks[index]!.status;
      tasks[index] = { ...input, ...(kept ? { status: kept } : {}) };
    } else {
      tasks.push({ ...input });
      columns.backlog.push(input.id);
    }
    return this.save({ ...this.board, plan: { ...this.board.plan, tasks }, columns });
  }

  async deleteTask(id: string): Promise<Result<void, BoardError>> {
    if (!this.task(id)) return err('NOT_FOUND', `There is no task ${id}`);
    const dependents = this.board.plan.tasks.filter((task) => task.dependsOn?.includes(id)).map((task) => task.id);
    if (dependents.length) return err('REFUSED', `${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on ${id}; change that first`);
    const columns = {
      backlog: this.board.columns.backlog.filter((other) => other !== id),
      runParallel: this.board.columns.runParallel.filter((other) => other !== id),
    };
    return this.save({ ...this.board, plan: { ...this.board.plan, tasks: this.board.plan.tasks.filter((task) => task.id !== id) }, columns });
  }

  async saveObjective(objective: Objective): Promise<Result<void, BoardError>> {
    return this.save({ ...this.board, plan: { ...this.board.plan, objectives: upsert(this.board.plan.objectives, objective) } });
  }

  async deleteObjective(id: string): Promise<Result<void, BoardError>> {
    if (!this.board.plan.objectives?.some((objective) => objective.id === id)) return err('NOT_FOUND', `There is no objective ${id}`);
    const users = [
      ...this.board.plan.tasks.filter((task) => task.objective === id).map((task) => `task ${task.id}`),
      ...(this.board.plan.adrs ?? []).filter((adr) => adr.objective === id).map((adr) => `ADR ${adr.id}`),
    ];
    if (users.length) return err('REFUSED', `${users.join(', ')} belong${users.length === 1 ? 's' : ''} to objective ${id}; move ${users.length === 1 ? 'it' : 'them'} first`);
    return this.save({ ...this.board, plan: { ...this.board.plan, objectives: this.board.plan.objectives.filter((o) => o.id !== id) } });
  }

  async saveAdr(adr: Adr): Promise<Result<void, BoardError>> {
    return this.save({ ...this.board, plan: { ...this.board.plan, adrs: upsert(this.board.plan.adrs, adr) } });
  }

  async deleteAdr(id: string): Promise<Result<void, BoardError>> {
    if (!this.board.plan.adrs?.some((adr) => adr.id === id)) return err('NOT_FOUND', `There is no ADR ${id}`);
    const users = this.board.plan.tasks.filter((task) => task.adrs?.includes(id)).map((task) => task.id);
    if (users.length) return err('REFUSED', `Tasks ${users.join(', ')} follow ADR ${id}; change them first`);
    return this.save({ ...this.board, plan: { ...this.board.plan, adrs: this.board.plan.adrs.filter((a) => a.id !== id) } });
  }

  /** Moves a card; a drop on Run parallel that the lane cannot take is refused with the reason. */
  async moveTask(id: string, to: PlanningColumn, index: number, agents: readonly AgentInfo[]): Promise<Result<void, BoardError>> {
    if (!this.task(id)) return err('NOT_FOUND', `There is no task ${id}`);
    if (to === 'runParallel' && !this.board.columns.runParallel.includes(id)) {
      const refusal = refuseOnLane(this.board, id, agents, this.defaultAgent);
      if (refusal) return err('REFUSED', refusal);
    }
    const columns = {
      backlog: this.board.columns.backlog.filter((other) => other !== id),
      runParallel: this.board.columns.runParallel.filter((other) => other !== id),
    };
    columns[to].splice(Math.min(index, columns[to].length), 0, id);
    return this.save({ ...this.board, columns });
  }

  async setSettings(settings: Partial<BoardSettings>): Promise<Result<void, BoardError>> {
    const next: BoardSettings = { ...this.board.settings };
    for (const [key, value] of Object.entries(settings)) if (value !== undefined) Object.assign(next, { [key]: value });
    return this.save({ ...this.board, settings: next });
  }

  /** Resolves when no board save is in flight (the app waits for it before quitting). */
  idle(): Promise<void> {
    return this.store.idle();
  }

  /** Marks tasks that landed as done: later runs do not run them again and their dependents may go. */
  async markDone(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids);
    if (!this.board.plan.tasks.some((task) => wanted.has(task.id) && task.status !== 'done')) return;
    const tasks = this.board.plan.tasks.map((task) => (wanted.has(task.id) ? { ...task, status: 'done' as const } : task));
    await this.save({ ...this.board, plan: { ...this.board.plan, tasks } });
  }

  async importPlan(text: string, fileName = 'plan.json'): Promise<Result<{ added: number; updated: number; notes: string[] }, BoardError>> {
    const loaded = loadPlanText(text, fileName, { knownAgents: BUILTIN_IDS });
    if (!loaded.ok) return err('INVALID_PLAN', loaded.error.message, loaded.error.details ? { details: loaded.error.details } : {});
    const merged = mergeImportedPlan(this.board, loaded.value.plan);
    const saved = await this.save(merged.board);
    if (!saved.ok) return saved;
    return ok({ added: merged.added, updated: merged.updated, notes: loaded.value.notes });
  }

  exportPlan(): { fileName: string; text: string } {
    return { fileName: `${path.basename(this.repo)}-plan.json`, text: serializePlan(this.board.plan) };
  }

  private async save(board: BoardState): Promise<Result<void, BoardError>> {
    const saved = await this.store.save(board);
    if (!saved.ok) return err('INVALID_PLAN', saved.error.message);
    this.board = saved.value;
    return ok(undefined);
  }
}

function upsert<T extends { id: string }>(items: readonly T[] | undefined, item: T): T[] {
  const list = [...(items ?? [])];
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index >= 0) list[index] = item;
  else list.push(item);
  return list;
}
