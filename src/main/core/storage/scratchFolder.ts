import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/*
 * A private temporary folder for short-lived working files (the conflict dialog unpacks blobs into one
 * so `git merge-file` can read them). Not state: the caller removes it when the work ends. It lives in
 * storage/ because storage/ is the one folder that writes (eslint-rules/sole-writer.js).
 */

/** Creates a new empty folder under the system's temp folder, its name starting with `prefix`. */
export async function makeScratchFolder(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Removes a scratch folder and everything in it (nothing happens when it is already gone). */
export async function removeScratchFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Writes a working file into a scratch folder (replacing any file of that name). */
export async function writeScratchFile(file: string, text: string): Promise<void> {
  await writeFile(file, text);
}
