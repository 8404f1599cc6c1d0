import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PLAN_BYTES } from '../../../shared/limits';
import type { Plan } from '../../../shared/plan/plan';
import { err, ok, type ContractError, type Result } from '../../../shared/result';
import { importAutoClaude, isAutoClaudePlan } from './importAutoClaude';
import { pathLocator } from './jsonPathLocation';
import { DEFAULT_SOURCE, parseJsonText, stripByteOrderMark } from './parsePlanText';
import { invalidPlan, sortInPlanOrder, toPlanIssue, type LocatedIssue, type PlanPath } from './planIssue';
import { checkPlanShape } from './checkPlanShape';
import { salvagePlan } from './salvagePlan';
import { collectPlanIssues, validatePlan, type ValidatePlanOptions } from './validatePlan';

export type PlanFormat = 'wavelane' | 'auto-claude';

export interface LoadedPlan {
  plan: Plan;
  format: PlanFormat;
  /** What an import decided on its own (derived ids, completed work); empty for a Wavelane plan. */
  notes: string[];
}

export type LoadPlanOptions = ValidatePlanOptions;

/** Plans are read in chunks this size: few reads for a real plan, little over the cap for an endless device. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Reads plan text in either format (detected from its shape) and checks everything: JSON syntax, shape,
 * ids, references, globs and cycles, all reported together. Never touches the repository.
 */
export function loadPlanText(text: string, source = DEFAULT_SOURCE, options: LoadPlanOptions = {}): Result<LoadedPlan, 'INVALID_PLAN'> {
  const json = parseJsonText(text, source);
  if (!json.ok) return json;
  const raw = json.value;

  if (isAutoClaudePlan(raw)) {
    const imported = importAutoClaude(raw, source);
    if (!imported.ok) return imported;
    const issues = validatePlan(imported.value.plan, options);
    if (issues.length > 0) return invalidPlan(source, issues);
    return ok({ ...imported.value, format: 'auto-claude' });
  }

  const shape = checkPlanShape(raw);
  // A mis-shaped plan is still judged on what can be read, so one run shows every problem; a meaning
  // problem under a path the shape check already reported would only repeat it.
  const shapeIssues: LocatedIssue[] = shape.ok ? [] : shape.issues;
  const reported = new Set(shapeIssues.map((issue) => pathKey(issue.path)));
  const meaning = collectPlanIssues(shape.ok ? shape.plan : salvagePlan(raw), options).filter(
    (issue) => !issue.path.some((_, i) => reported.has(pathKey(issue.path.slice(0, i + 1)))),
  );
  const issues = sortInPlanOrder([...shapeIssues, ...meaning]);
  if (issues.length > 0 || !shape.ok) {
    const locate = pathLocator(stripByteOrderMark(text));
    return invalidPlan(
      source,
      issues.map((issue) => toPlanIssue(issue, raw, locate)),
    );
  }
  return ok({ plan: shape.plan, format: 'wavelane', notes: [] });
}

function pathKey(path: PlanPath): string {
  return JSON.stringify(path);
}

export type LoadPlanFileError = 'NOT_FOUND' | 'UNREADABLE' | 'INVALID_PLAN';

/**
 * loadPlanText on a file. A missing or unreadable file is an error naming its path; messages about the
 * plan name the file as the caller wrote it.
 */
export async function loadPlanFile(file: string, options: LoadPlanOptions = {}): Promise<Result<LoadedPlan, LoadPlanFileError>> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return err('UNREADABLE', `${absolute} is a folder, not a plan file`, { where: absolute });
    if (info.size > MAX_PLAN_BYTES) return tooLarge(absolute, `is ${info.size} bytes`);
    // A device or a pipe (`/dev/zero`, `<(cmd)`) has no size to check first: reading stops at the limit.
    const read = await readAtMost(absolute, MAX_PLAN_BYTES);
    if (read === null) return tooLarge(absolute, `holds more than ${MAX_PLAN_BYTES} bytes`);
    text = read;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return err('NOT_FOUND', `Plan file not found: ${absolute}`, { where: absolute });
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    return err('UNREADABLE', `Cannot read plan file ${absolute}: ${reason}`, { where: absolute });
  }
  return loadPlanText(text, file, options);
}

function tooLarge(file: string, size: string): { ok: false; error: ContractError<'UNREADABLE'> } {
  return err('UNREADABLE', `${file} ${size}, larger than any plan (limit ${MAX_PLAN_BYTES} bytes); is it the right file?`, { where: file });
}

/** Reads a file as UTF-8, or null as soon as it holds more than `limit` bytes (without reading the rest). */
async function readAtMost(file: string, limit: number): Promise<string | null> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total).toString('utf8');
      total += bytesRead;
      if (total > limit) return null;
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
