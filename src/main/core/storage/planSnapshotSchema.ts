import { z } from 'zod';
import { ID_PATTERN, type Plan, type PlanTask } from '../../../shared/plan/plan';

/**
 * The shape of a plan as persistence stores it (a run's plan snapshot, the board's plan). It checks structure
 * only, so a corrupt or foreign file is caught on read; the meaning (references, cycles, globs) was checked by
 * the plan validator in core/plan before the plan was saved, and is not re-judged here.
 */
const id = z.string().regex(ID_PATTERN, 'not a valid id');
const ids = z.array(id);
const strings = z.array(z.string());

const objective = z.strictObject({ id, title: z.string(), description: z.string().optional() });

const adr = z.strictObject({
  id,
  objective: id.optional(),
  title: z.string(),
  status: z.enum(['proposed', 'accepted', 'superseded']).optional(),
  context: z.string().optional(),
  decision: z.string().optional(),
  consequences: z.string().optional(),
});

const task = z.strictObject({
  id,
  title: z.string(),
  prompt: z.string(),
  objective: id.optional(),
  adrs: ids.optional(),
  dependsOn: ids.optional(),
  files: strings.optional(),
  reads: strings.optional(),
  agent: id.optional(),
  timeoutSec: z.number().positive().optional(),
  retries: z.number().int().min(0).optional(),
  budgetUsd: z.number().positive().optional(),
  budgetTokens: z.number().int().positive().optional(),
  priority: z.number().optional(),
  estimateSec: z.number().positive().optional(),
  review: z.boolean().optional(),
  status: z.enum(['todo', 'done']).optional(),
});

const agent = z.strictObject({
  id,
  command: z.string(),
  args: strings.optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const planSnapshotSchema = z.strictObject({
  version: z.literal(1),
  agent: id.optional(),
  objectives: z.array(objective).optional(),
  adrs: z.array(adr).optional(),
  tasks: z.array(task),
  agents: z.array(agent).optional(),
  setup: z.string().optional(),
  copyFiles: strings.optional(),
  verify: z.string().optional(),
});

// Compile-time guards: what the schema accepts is a Plan, and it knows every field of Plan and PlanTask, so a
// field added to the shared types breaks the build here instead of being rejected when a saved plan is read.
export const planFromSnapshot = (parsed: z.infer<typeof planSnapshotSchema>): Plan => parsed;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export const PLAN_SCHEMA_COMPLETE: SameKeys<Plan, z.infer<typeof planSnapshotSchema>> &
  SameKeys<PlanTask, z.infer<typeof task>> = true;
