import { z } from 'zod';
import {
  MAX_ADR_TEXT_LENGTH,
  MAX_BUDGET_TOKENS,
  MAX_BUDGET_USD,
  MAX_COMMAND_LENGTH,
  MAX_DEPENDENCIES,
  MAX_DESCRIPTION_LENGTH,
  MAX_GLOB_LENGTH,
  MAX_GLOBS,
  MAX_PRIORITY,
  MAX_PROMPT_LENGTH,
  MAX_RETRIES,
  MAX_TASK_ADRS,
  MAX_TASK_SECONDS,
  MAX_TITLE_LENGTH,
} from '../limits';
import type { Adr, AgentProfile, Objective, Plan, PlanTask } from './plan';
import { PLAN_VERSION } from './plan';
import { idProblem } from './planId';

/**
 * The one schema of a plan, version 1: plan files (core/plan reads them with it), the board's requests
 * (the contract's inputs are its parts), and plans stored with a run or a board (core/storage re-reads
 * them with it). Objects are strict: a typo such as `"fils"` is an error naming the field, never silently
 * ignored (a task that forgot its locks would run unguarded). Ids are checked here, git's branch rules
 * included; references, globs and cycles need the whole plan and are judged by core/plan's validatePlan.
 */

const NOT_EMPTY = 'must not be empty';
const atMost = (max: number) => ({ error: `must be at most ${max} characters` });

/** An id of an objective, ADR, task or agent profile, or a reference to one. */
export const idSchema = z.string().superRefine((value, context) => {
  const problem = idProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

const text = (max: number) => z.string().max(max, atMost(max));
const nonEmptyText = (max: number) => text(max).refine((value) => value.trim() !== '', { error: NOT_EMPTY });
const ids = (max: number) => z.array(idSchema).max(max, { error: `must list at most ${max}` });
const globs = z
  .array(z.string().max(MAX_GLOB_LENGTH, atMost(MAX_GLOB_LENGTH)))
  .max(MAX_GLOBS, { error: `must list at most ${MAX_GLOBS} globs` });
const seconds = (message: string) => z.number().positive({ error: message }).max(MAX_TASK_SECONDS, { error: `must be at most ${MAX_TASK_SECONDS} seconds (a week)` });
const WHOLE_SECONDS = 'must be a positive whole number of seconds';
const RETRIES = `must be a whole number from 0 to ${MAX_RETRIES}`;
const PRIORITY = `must be a whole number from -${MAX_PRIORITY} to ${MAX_PRIORITY} (higher runs earlier)`;

export const objectiveSchema = z.strictObject({
  id: idSchema,
  title: nonEmptyText(MAX_TITLE_LENGTH),
  description: text(MAX_DESCRIPTION_LENGTH).optional(),
});

export const adrSchema = z.strictObject({
  id: idSchema,
  objective: idSchema.optional(),
  title: nonEmptyText(MAX_TITLE_LENGTH),
  status: z.enum(['proposed', 'accepted', 'superseded']).optional(),
  context: text(MAX_ADR_TEXT_LENGTH).optional(),
  decision: text(MAX_ADR_TEXT_LENGTH).optional(),
  consequences: text(MAX_ADR_TEXT_LENGTH).optional(),
});

export const taskSchema = z.strictObject({
  id: idSchema,
  title: nonEmptyText(MAX_TITLE_LENGTH),
  prompt: text(MAX_PROMPT_LENGTH),
  objective: idSchema.optional(),
  adrs: ids(MAX_TASK_ADRS).optional(),
  dependsOn: ids(MAX_DEPENDENCIES).optional(),
  files: globs.optional(),
  reads: globs.optional(),
  agent: idSchema.optional(),
  timeoutSec: seconds(WHOLE_SECONDS).int({ error: WHOLE_SECONDS }).optional(),
  retries: z.number().int({ error: RETRIES }).min(0, { error: RETRIES }).max(MAX_RETRIES, { error: RETRIES }).optional(),
  budgetUsd: z.number().positive({ error: 'must be a positive number of US dollars' }).max(MAX_BUDGET_USD, { error: `must be at most ${MAX_BUDGET_USD} US dollars` }).optional(),
  budgetTokens: z
    .number()
    .int({ error: 'must be a positive whole number of tokens' })
    .positive({ error: 'must be a positive whole number of tokens' })
    .max(MAX_BUDGET_TOKENS, { error: `must be at most ${MAX_BUDGET_TOKENS} tokens` })
    .optional(),
  priority: z.number().int({ error: PRIORITY }).min(-MAX_PRIORITY, { error: PRIORITY }).max(MAX_PRIORITY, { error: PRIORITY }).optional(),
  estimateSec: seconds('must be a positive number of seconds').optional(),
  review: z.boolean({ error: 'must be true or false' }).optional(),
  status: z.enum(['todo', 'done']).optional(),
});

export const agentProfileSchema = z.strictObject({
  id: idSchema,
  command: nonEmptyText(MAX_COMMAND_LENGTH),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const planSchema = z.strictObject({
  version: z.literal(PLAN_VERSION),
  agent: idSchema.optional(),
  objectives: z.array(objectiveSchema).optional(),
  adrs: z.array(adrSchema).optional(),
  tasks: z.array(taskSchema),
  agents: z.array(agentProfileSchema).optional(),
  setup: nonEmptyText(MAX_COMMAND_LENGTH).optional(),
  copyFiles: globs.optional(),
  verify: nonEmptyText(MAX_COMMAND_LENGTH).optional(),
});

/** Field names of each list's elements, for "did you mean" hints on unknown fields. */
export const PLAN_FIELDS = {
  plan: Object.keys(planSchema.shape),
  objectives: Object.keys(objectiveSchema.shape),
  adrs: Object.keys(adrSchema.shape),
  tasks: Object.keys(taskSchema.shape),
  agents: Object.keys(agentProfileSchema.shape),
} as const;

// The schema and the shared interfaces must describe the same thing, field for field: this fails to
// compile when they drift (a field added to a type and not here, or the other way round).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = Same<keyof A, keyof B>;
const schemaMatchesTypes: Same<z.infer<typeof planSchema>['version'], Plan['version']> &
  (z.infer<typeof planSchema> extends Plan ? true : false) &
  SameKeys<Plan, z.infer<typeof planSchema>> &
  SameKeys<PlanTask, z.infer<typeof taskSchema>> &
  SameKeys<Objective, z.infer<typeof objectiveSchema>> &
  SameKeys<Adr, z.infer<typeof adrSchema>> &
  SameKeys<AgentProfile, z.infer<typeof agentProfileSchema>> = true;
void schemaMatchesTypes;
