import type { z } from 'zod';

/** How many schema problems a message lists before "and N more": enough to fix a file, short enough to read. */
const MAX_LISTED_ISSUES = 5;

/** `tasks[2].status: Invalid option ...`: each problem with the place in the file it refers to. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issuePath(issue.path) || '(top level)'}: ${issue.message}`);
}

export function summarizeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const described = describeIssues(issues);
  const listed = described.slice(0, MAX_LISTED_ISSUES).join('; ');
  const more = described.length - MAX_LISTED_ISSUES;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

function issuePath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
