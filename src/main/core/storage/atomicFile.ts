import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';

/**
 * Writes a file so that a reader (or a restart after kill -9 or a power cut) sees either the old
 * content or the new, never a torn mix: temp file in the same folder, fsync, rename, fsync the folder.
 * A crash before the rename leaves only a temp file (see `isAtomicTempFile`), which readers never open.
 */
export async function writeFileAtomic(file: string, content: string | Buffer, mode = DEFAULT_FILE_MODE): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    // A failed write (disk full, permissions) must not leave a temp file behind; the target is untouched.
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** State files are readable by others on the machine, like the repository they belong to. */
const DEFAULT_FILE_MODE = 0o644;
const TEMP_SUFFIX = '.tmp';
const TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** True for the name of a temp file `writeFileAtomic` left behind when it was killed before its rename. */
export function isAtomicTempFile(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Makes a rename durable; some platforms (Windows) cannot open a folder, which is fine to skip. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    /* not supported here; the rename itself is still atomic */
  } finally {
    await handle?.close();
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Reads a JSON file, or returns null when it does not exist. Corrupt JSON throws an error naming the file
 * (never silently reset); callers that must not throw use `readJsonResult`.
 */
export async function readJsonFile<T>(file: string): Promise<T | null> {
  const read = await readJsonResult(file);
  if (!read.ok) throw new Error(read.error.message);
  return read.value as T | null;
}

export type ReadJsonError = 'FILE_UNREADABLE' | 'FILE_CORRUPT';

/** Like `readJsonFile`, with the failures as values: `null` for a missing file, an error naming the file otherwise. */
export async function readJsonResult(file: string): Promise<Result<unknown, ReadJsonError>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return ok(null);
    return err('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`, { where: file });
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return err('FILE_CORRUPT', `${file} is not valid JSON (${(error as Error).message}); fix or remove it`, {
      where: file,
    });
  }
}
