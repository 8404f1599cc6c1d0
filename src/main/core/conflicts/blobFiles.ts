import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../git/git';

/**
 * Blobs as files and bytes, for the three-way view and `git merge-file`. git.ts hands back stdout as a
 * string, which would mangle binary or non-UTF-8 content, so a blob is materialised with `git
 * unpack-file` in a scratch folder OUTSIDE the repository and read from there byte for byte.
 */

/** Git's own binary sniff looks at this many leading bytes for a NUL (xdiff's FIRST_FEW_BYTES). */
export const BINARY_SNIFF_BYTES = 8000;
/** Bigger files are chosen whole: a three-way view of them is unreadable, and four copies must fit one IPC message. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** Mode of a symbolic link and of a submodule: never edited as text. */
const SYMLINK_MODE = '120000';
const GITLINK_MODE = '160000';

export function isTextMode(mode: string): boolean {
  return mode !== SYMLINK_MODE && mode !== GITLINK_MODE;
}

/** Writes a blob to a new file in `dir` and returns its path, or null when git cannot (missing object). */
export async function unpackBlob(commonDir: string, oid: string, dir: string): Promise<string | null> {
  // GIT_DIR points git at the object store while the file lands in the cwd, outside any checkout.
  const result = await runGit(['unpack-file', oid], { cwd: dir, env: { GIT_DIR: commonDir } });
  const name = result.stdout.trim();
  if (result.code !== 0 || !name) return null;
  return path.join(dir, name);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a file, or null when it must be chosen whole: a NUL in its first bytes (git's rule), or
 * not valid UTF-8 (an edited result would be re-encoded and corrupt it).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return null;
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** The object id git would store for a worktree file as it is now, or null when there is no regular file. */
export async function worktreeFileOid(worktree: string, file: string): Promise<string | null> {
  const info = await lstat(path.join(worktree, file)).catch(() => null);
  if (!info?.isFile()) return null;
  const hashed = await runGit(['hash-object', '--', file], { cwd: worktree });
  return hashed.code === 0 ? hashed.stdout.trim() : null;
}
