import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type Result } from '../../../shared/result';
import { pathLocator } from './jsonPathLocation';
import { findJsonSyntaxError } from './jsonSyntaxError';
import { invalidPlan, sortInPlanOrder, toPlanIssue } from './planIssue';
import { lineAndColumn } from './textPosition';
import { checkPlanShape } from './checkPlanShape';

/** The name used in messages when the caller has none (text pasted into the board). */
export const DEFAULT_SOURCE = 'plan.json';

/**
 * Parses JSON text; a syntax error comes back with its line and column (`plan.json:4:47`). A leading
 * byte-order mark, which some Windows editors write, is skipped.
 */
export function parseJsonText(text: string, source = DEFAULT_SOURCE): Result<unknown, 'INVALID_PLAN'> {
  const body = stripByteOrderMark(text);
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (error) {
    const located = findJsonSyntaxError(body) ?? fromNodeMessage(body, error);
    const at = `line ${located.line}, column ${located.column}`;
    return err('INVALID_PLAN', `${source}: invalid JSON at ${at}: ${located.message}`, {
      where: `${source}:${located.line}:${located.column}`,
      details: [`${at}: ${located.message}`],
    });
  }
}

/** Only reached if jsonc-parser and V8 disagree; V8's message then says what it can. */
function fromNodeMessage(text: string, error: unknown): { line: number; column: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  return { ...lineAndColumn(text, position === undefined ? text.length : Number(position)), message };
}

/**
 * Parses a Wavelane plan (version 1): JSON syntax and shape. Every shape problem is reported together,
 * each as `where at line L, column C: message` in the error's details. References, ids, globs and cycles are validatePlan's
 * (loadPlanText runs both and reports everything at once).
 */
export function parsePlanText(text: string, source = DEFAULT_SOURCE): Result<Plan, 'INVALID_PLAN'> {
  const json = parseJsonText(text, source);
  if (!json.ok) return json;
  const shape = checkPlanShape(json.value);
  if (shape.ok) return ok(shape.plan);
  const locate = pathLocator(stripByteOrderMark(text));
  return invalidPlan(
    source,
    sortInPlanOrder(shape.issues).map((issue) => toPlanIssue(issue, json.value, locate)),
  );
}

/** Some Windows editors start a file with a byte-order mark; it is not part of the JSON. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
