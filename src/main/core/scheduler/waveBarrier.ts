import type { PlanTask } from '../../../shared/plan/plan';
import type { TaskStatus } from '../../../shared/run/taskStatus';
import { isFinal } from '../../../shared/run/taskStatus';
import { lockSetOf, lockSetsConflict } from '../locks/lockOverlap';
import type { TaskGraph } from '../plan/taskGraph';
import type { Durations } from '../plan/criticalPath';
import { wavesOfGraph } from './waves';

/** What the barrier reads of the dispatcher's tasks, by plan index. */
export interface WaveTaskView {
  status(index: number): TaskStatus;
  wave(index: number): number | null;
}

/**
 * The `waves` strategy's barrier, kept for comparison with the eager dispatcher: the preview's waves
 * (plan indexes per wave) and the 1-based wave being worked on, which moves on only when every task
 * of it is final.
 */
export class WaveBarrier {
  private readonly waves: number[][] = [];
  private wave = 1;
  /** The preview's wave of each plan index (1-based). */
  readonly waveByIndex = new Map<number, number>();

  constructor(
    private readonly graph: TaskGraph<PlanTask>,
    durations: Durations | undefined,
    private readonly view: WaveTaskView,
  ) {
    wavesOfGraph(graph, durations).waves.forEach((ids, position) => {
      const indexes = ids.map((id) => graph.indexOf(id) as number);
      for (const index of indexes) this.waveByIndex.set(index, position + 1);
      this.waves.push(indexes);
    });
  }

  get current(): number {
    return this.wave;
  }

  advance(): void {
    while (this.wave <= this.waves.length && (this.waves[this.wave - 1] as number[]).every((index) => isFinal(this.view.status(index)))) {
      this.wave++;
    }
  }

  /**
   * A task joining during the run: the earliest wave, from the current one on, after all the task's
   * unfinished dependencies and without a lock conflict with the unfinished tasks already in it.
   */
  join(index: number): number {
    let wave = this.wave;
    for (const dep of this.graph.deps(index)) {
      const depWave = this.view.wave(dep);
      if (!isFinal(this.view.status(dep)) && depWave !== null) wave = Math.max(wave, depWave + 1);
    }
    const locks = lockSetOf(this.graph.task(index));
    const fits = (members: readonly number[]) =>
      members.every((member) => isFinal(this.view.status(member)) || !lockSetsConflict(lockSetOf(this.graph.task(member)), locks));
    while (wave <= this.waves.length && !fits(this.waves[wave - 1] as number[])) wave++;
    while (this.waves.length < wave) this.waves.push([]);
    (this.waves[wave - 1] as number[]).push(index);
    return wave;
  }
}
