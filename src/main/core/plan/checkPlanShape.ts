import type { z } from 'zod';
import { PLAN_VERSION, type Plan } from '../../../shared/plan/plan';
import { PLAN_FIELDS, planSchema } from '../../../shared/plan/planSchema';
import { didYouMean } from './closestMatch';
import { isRecord, type LocatedIssue, type PlanPath } from './planIssue';

/**
 * Checks parsed JSON against the one plan schema (src/shared/plan/planSchema.ts) and words every problem
 * for a person editing the file, each with its path. References, globs and cycles are judged by
 * validatePlan, which also runs on the parts of a mis-shaped plan that can be read, so one run reports
 * every problem.
 */

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
  if (path.length === 0) return PLAN_FIELDS.plan;
  const list = path[0];
  return path.length === 2 && typeof list === 'string' && list !== 'plan' && list in PLAN_FIELDS
    ? PLAN_FIELDS[list as keyof typeof PLAN_FIELDS]
    : [];
}

function valueAt(raw: unknown, path: PlanPath): unknown {
  let node = raw;
  for (const key of path) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
