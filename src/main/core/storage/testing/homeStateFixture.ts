import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A CLI's home state as a fixture: the files under a HOME that name the worktrees a real CLI ran in, with
 * those paths (and Claude's folder names for them) replaced by placeholders, so a unit test can lay them
 * out again under any temp folder. Transcripts keep their first lines only (enough to name their `cwd`).
 */
export interface HomeStateFixture {
  cli: string;
  version: string;
  /** Relative path (with placeholders) -> content (with placeholders). */
  files: Record<string, string>;
}

/** Lines of a session transcript worth keeping: its first ones name the folder it ran in. */
const TRANSCRIPT_LINES = 4;

export function recordHomeState(home: string, worktrees: Record<string, string>, cli: string, version: string): HomeStateFixture {
  const files: Record<string, string> = {};
  const swap = (text: string) => {
    let out = text;
    for (const [name, dir] of Object.entries(worktrees)) {
      out = out.split(dir).join(`{${name}}`).split(dir.replace(/[^a-zA-Z0-9]/g, '-')).join(`{${name}_DIR}`);
    }
    return out;
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const rel = swap(path.relative(home, full));
      if (rel.includes('backups')) continue;
      const text = readFileSync(full, 'utf8');
      const kept = swap(rel.endsWith('.jsonl') ? text.split('\n').slice(0, TRANSCRIPT_LINES).join('\n') + '\n' : text);
      const registry = /(\.claude\.json|projects\.json|trustedFolders\.json)$/.test(rel);
      const named = Object.keys(worktrees).some((name) => rel.includes(`{${name}`) || kept.includes(`{${name}`));
      if (registry || named) files[rel] = kept;
    }
  };
  walk(home);
  return { cli, version, files };
}

/** Lays a fixture out under `home`, with each placeholder replaced by its worktree path. */
export function layOutHomeState(fixture: HomeStateFixture, home: string, worktrees: Record<string, string>): void {
  const fill = (text: string) => {
    let out = text;
    for (const [name, dir] of Object.entries(worktrees)) {
      out = out.split(`{${name}_DIR}`).join(dir.replace(/[^a-zA-Z0-9]/g, '-')).split(`{${name}}`).join(dir);
    }
    return out;
  };
  for (const [rel, content] of Object.entries(fixture.files)) {
    const file = path.join(home, fill(rel));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, fill(content));
  }
}
