import { err, type ContractError } from '../../../shared/result';
import type { PlanIssue } from '../../../shared/plan/plan';

/** A path into a plan document, as zod reports it: `['tasks', 2, 'dependsOn', 0]`. */
export type PlanPath = readonly (string | number)[];

/**
 * A problem found while reading a plan, still tied to its path so that problems from several checks
 * (syntax, shape, meaning) can be merged, de-duplicated and ordered as they appear in the file.
 */
export interface LocatedIssue {
  path: PlanPath;
  message: string;
  /** Where to point the reader when that is wider than `path` (an unknown field is shown on its object). */
  shownAt?: PlanPath;
}

/** Lists whose elements are named by their id in messages: `tasks[2] (login-api)`. */
const LABELLED_LISTS = new Set(['tasks', 'objectives', 'adrs', 'agents', 'phases', 'subtasks', 'chunks']);

/** Longest id label shown in a location; a pasted paragraph in an id field must not flood the output. */
const MAX_LABEL_LENGTH = 40;

/** Top-level keys in the order the plan format documents them; problems are listed in this order. */
const TOP_LEVEL_ORDER = ['version', 'agent', 'objectives', 'adrs', 'tasks', 'agents', 'setup', 'copyFiles', 'verify', 'feature', 'phases'];

/** `tasks[2] (login-api).dependsOn[0]`, reading ids from `doc` (the raw JSON or the typed plan). */
export function describePath(path: PlanPath, doc: unknown): string {
  let out = '';
  let node: unknown = doc;
  let parentKey: string | number | undefined;
  for (const key of path) {
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      out += `[${key}]`;
      const label = typeof parentKey === 'string' && LABELLED_LISTS.has(parentKey) ? idLabel(node) : undefined;
      if (label) out += ` (${label})`;
    } else {
      out += out ? `.${key}` : key;
    }
    parentKey = key;
  }
  return out || 'plan';
}

function idLabel(element: unknown): string | undefined {
  if (!isRecord(element)) return undefined;
  const id = element.id;
  const text = typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '';
  if (!text.trim()) return undefined;
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}

/** Stable sort by position in the document: top-level key, then list index; ties keep their order. */
export function sortInPlanOrder(issues: readonly LocatedIssue[]): LocatedIssue[] {
  return issues
    .map((issue, order) => ({ issue, order, key: positionKey(issue.path) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.order - b.order)
    .map((entry) => entry.issue);
}

function positionKey(path: PlanPath): [number, number] {
  const [top, index] = path;
  if (top === undefined) return [-1, 0];
  const rank = typeof top === 'string' ? TOP_LEVEL_ORDER.indexOf(top) : -1;
  return [rank === -1 ? TOP_LEVEL_ORDER.length : rank, typeof index === 'number' ? index : -1];
}

/**
 * The issue as people read it: its path with ids (`tasks[2] (login-api).dependsOn[0]`) and, when the plan
 * came from text, its line and column (`locate` finds the issue's own path: an unknown field points at
 * its name even though `where` names its object).
 */
export function toPlanIssue(issue: LocatedIssue, doc: unknown, locate?: (path: PlanPath) => { line: number; column: number } | null): PlanIssue {
  const planIssue: PlanIssue = { where: describePath(issue.shownAt ?? issue.path, doc), message: issue.message };
  const position = locate?.(issue.path);
  if (position) {
    planIssue.line = position.line;
    planIssue.column = position.column;
  }
  return planIssue;
}

/** `where at line L, column C: message`, the line the CLI prints and `ContractError.details` carries. */
export function formatIssue(issue: PlanIssue): string {
  const at = issue.line === undefined ? '' : ` at line ${issue.line}, column ${issue.column ?? 1}`;
  return `${issue.where}${at}: ${issue.message}`;
}

/** The one error every plan problem travels in: a summary naming the file, every problem in `details`. */
export function invalidPlan(source: string, issues: readonly PlanIssue[]): { ok: false; error: ContractError<'INVALID_PLAN'> } {
  const details = issues.map(formatIssue);
  const summary =
    issues.length === 1 ? `${source}: ${details[0]}` : `${source}: ${issues.length} problems`;
  return err('INVALID_PLAN', summary, { where: source, details });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
