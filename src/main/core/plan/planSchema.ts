import { z } from 'zod';
import { PLAN_VERSION, type Plan } from '../../../shared/plan/plan';
import { didYouMean } from './closestMatch';
import { isRecord, type LocatedIssue, type PlanPath } from './planIssue';

/**
 * The shape of a plan file, version 1. Objects are strict: a typo such as `"fils"` is an error naming the
 * field, never silently ignored (a task that forgot its locks would run unguarded). This checks shape
 * only; ids, references, globs and cycles are judged by validatePlan, which also runs on the parts of a
 * mis-shaped plan that can be read, so one run reports every problem.
 */

/** More attempts than this is a runaway loop, not resilience; matches the board's limit. */
export const MAX_RETRIES = 20;

const NOT_EMPTY = 'must not be empty';
const nonEmptyText = z.string().refine((value) => value.trim() !== '', { error: NOT_EMPTY });
const stringList = z.array(z.string());
const secondsMessage = 'must be a positive whole number of seconds';

const objectiveSchema = z.strictObject({
  id: z.string(),
  title: nonEmptyText,
  description: z.string().optional(),
});

const adrSchema = z.strictObject({
  id: z.string(),
  objective: z.string().optional(),
  title: nonEmptyText,
  status: z.enum(['proposed', 'accepted', 'superseded']).optional(),
  context: z.string().optional(),
  decision: z.string().optional(),
  consequences: z.string().optional(),
});

const taskSchema = z.strictObject({
  id: z.string(),
  title: nonEmptyText,
  prompt: z.string(),
  objective: z.string().optional(),
  adrs: stringList.optional(),
  dependsOn: stringList.optional(),
  files: stringList.optional(),
  reads: stringList.optional(),
  agent: z.string().optional(),
  timeoutSec: z.number().int({ error: secondsMessage }).positive({ error: secondsMessage }).optional(),
  retries: z
    .number()
    .int({ error: `must be a whole number from 0 to ${MAX_RETRIES}` })
    .min(0, { error: `must be a whole number from 0 to ${MAX_RETRIES}` })
    .max(MAX_RETRIES, { error: `must be a whole number from 0 to ${MAX_RETRIES}` })
    .optional(),
  budgetUsd: z.number().positive({ error: 'must be a positive number of US dollars' }).optional(),
  budgetTokens: z
    .number()
    .int({ error: 'must be a positive whole number of tokens' })
    .positive({ error: 'must be a positive whole number of tokens' })
    .optional(),
  priority: z.number().int({ error: 'must be a whole number (higher runs earlier)' }).optional(),
  estimateSec: z.number().positive({ error: 'must be a positive number of seconds' }).optional(),
  review: z.boolean({ error: 'must be true or false' }).optional(),
  status: z.enum(['todo', 'done']).optional(),
});

const agentSchema = z.strictObject({
  id: z.string(),
  command: nonEmptyText,
  args: stringList.optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export const planSchema = z.strictObject({
  version: z.literal(PLAN_VERSION),
  agent: z.string().optional(),
  objectives: z.array(objectiveSchema).optional(),
  adrs: z.array(adrSchema).optional(),
  tasks: z.array(taskSchema),
  agents: z.array(agentSchema).optional(),
  setup: nonEmptyText.optional(),
  copyFiles: stringList.optional(),
  verify: nonEmptyText.optional(),
});

// The schema and the shared type must describe the same thing; this fails to compile when they drift.
type SchemaMatchesPlan = z.infer<typeof planSchema> extends Plan ? true : never;
const schemaMatchesPlan: SchemaMatchesPlan = true;
void schemaMatchesPlan;

/** Field names allowed on the object at a path, for "did you mean" hints on unknown fields. */
const FIELDS_BY_LIST: Record<string, readonly string[]> = {
  objectives: Object.keys(objectiveSchema.shape),
  adrs: Object.keys(adrSchema.shape),
  tasks: Object.keys(taskSchema.shape),
  agents: Object.keys(agentSchema.shape),
};

export type SchemaCheck = { ok: true; plan: Plan } | { ok: false; issues: LocatedIssue[] };

/** Checks the shape of parsed JSON; every problem comes back, each with its path. */
export function checkPlanShape(raw: unknown): SchemaCheck {
  const parsed = planSchema.safeParse(raw);
  if (parsed.success) return { ok: true, plan: parsed.data };
  const issues = parsed.error.issues.flatMap((issue) => describeZodIssue(issue, raw));
  return { ok: false, issues };
}

function describeZodIssue(issue: z.core.$ZodIssue, raw: unknown): LocatedIssue[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedFields(path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        shownAt: path,
        message: `unknown field "${key}"${didYouMean(key, allowed)}`,
      }));
    }
    case 'invalid_type':
      // A whole-number check reports as a type issue but carries the schema's own wording.
      if (value !== undefined && !(issue.expected in EXPECTED_LABELS)) return [{ path, message: issue.message }];
      return [{ path, message: describeInvalidType(issue.expected, value, path) }];
    case 'invalid_value':
      if (value === undefined) return [{ path, message: describeInvalidType('', value, path) }];
      if (path.length === 1 && path[0] === 'version') {
        return [{ path, message: `unsupported plan version ${JSON.stringify(value)}; this Wavelane reads version ${PLAN_VERSION}` }];
      }
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function describeInvalidType(expected: string, value: unknown, path: PlanPath): string {
  if (path.length === 0) return 'a plan must be a JSON object with "version" and "tasks"';
  if (value === undefined) {
    return path.length === 1 && path[0] === 'version' ? `is required ("version": ${PLAN_VERSION})` : 'is required';
  }
  return `must be ${EXPECTED_LABELS[expected] ?? expected}, not ${describeValue(value)}`;
}

const EXPECTED_LABELS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list ([...])',
  object: 'an object ({...})',
  record: 'an object ({...})',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 29)}…` : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function allowedFields(path: PlanPath): readonly string[] {
  if (path.length === 0) return Object.keys(planSchema.shape);
  const list = path[0];
  return path.length === 2 && typeof list === 'string' ? (FIELDS_BY_LIST[list] ?? []) : [];
}

function valueAt(raw: unknown, path: PlanPath): unknown {
  let node = raw;
  for (const key of path) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
