/**
 * A CLI's version as `--version` prints it: `2.1.332 (Claude Code)`, `codex-cli 0.171.0`, `0.61.0`,
 * `aider 0.86.0`. The first semver in the text wins; null when there is none.
 */
const SEMVER = /(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/;

export function parseCliVersion(text: string): string | null {
  return SEMVER.exec(text)?.[0] ?? null;
}

/** Negative when `a` is older than `b` (semver order: a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return 0;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return diff;
  }
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  return pa[4] < pb[4] ? -1 : 1;
}
