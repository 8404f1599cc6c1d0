import { runGit } from './git';

/*
 * Blob queries shared by review (the dialog's old and new texts) and conflict resolution: sizes first, in
 * one process, to decide what is worth reading; then the text of each.
 */

/** Sizes in bytes of the given blobs, in one git process (missing objects are absent from the map). */
export async function blobSizes(cwd: string, oids: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(oids)];
  const sizes = new Map<string, number>();
  if (unique.length === 0) return sizes;
  const result = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd,
    input: unique.map((oid) => `${oid}\n`).join(''),
  });
  for (const line of result.stdout.split('\n')) {
    const [oid, type, size] = line.split(' ');
    if (oid && type === 'blob' && size) sizes.set(oid, Number(size));
  }
  return sizes;
}

/** A blob as text (lossy for binary or non-UTF-8 content: for text files only), or null. */
export async function blobText(cwd: string, oid: string | null | undefined): Promise<string | null> {
  if (!oid) return null;
  const shown = await runGit(['cat-file', 'blob', oid], { cwd });
  return shown.code === 0 ? shown.stdout : null;
}
