import type { PlanTask } from '../../../shared/plan/plan';

/** A plan task for tests: `testTask('t3', { dependsOn: ['t1'] })`. */
export function testTask(id: string, fields: Partial<PlanTask> = {}): PlanTask {
  return { id, title: id, prompt: `do ${id}`, ...fields };
}
