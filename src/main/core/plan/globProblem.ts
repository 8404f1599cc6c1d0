/**
 * What is wrong with a repo-relative glob or path from a plan (`files`, `reads`, `copyFiles`), or null.
 * Locks and copies must stay inside the repository: an absolute path or a `..` segment would let a task
 * claim, or a copy read, files outside it, and would never match the repo-relative paths git reports.
 */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '') return 'is empty';
  if (glob.startsWith('/') || glob.startsWith('\\')) {
    return `"${glob}" is an absolute path; write it relative to the repository root`;
  }
  if (/^[A-Za-z]:/.test(glob)) return `"${glob}" is a Windows drive path; write it relative to the repository root`;
  if (glob.split(/[\\/]/).includes('..')) return `"${glob}" has a ".." segment; paths must stay inside the repository`;
  return null;
}
