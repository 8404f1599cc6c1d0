import { mkdir } from 'node:fs/promises';
import { mustGit } from '../../testing/tempRepo';

/**
 * A large repository built in one `git fast-import` (seconds, not minutes): `files` files spread over
 * folders of 100, one commit on `main`, and `branches` task branches `task-<i>` off it, each changing a
 * different file. For benchmarks of the merge queue and of per-task overhead.
 */
export interface SyntheticRepo {
  dir: string;
  base: string;
  branches: string[];
}

/** Files per folder: a realistic fan-out (git reads trees folder by folder). */
const FILES_PER_DIR = 100;

export function syntheticPath(index: number): string {
  return `d${Math.floor(index / FILES_PER_DIR)}/f${index % FILES_PER_DIR}.txt`;
}

export async function createSyntheticRepo(dir: string, options: { files: number; branches: number }): Promise<SyntheticRepo> {
  await mkdir(dir, { recursive: true });
  await mustGit(['init', '-q', '-b', 'main'], { cwd: dir });
  for (const [key, value] of [
    ['user.name', 'Wavelane Bench'],
    ['user.email', 'bench@wavelane.invalid'],
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
  ]) {
    await mustGit(['config', key!, value!], { cwd: dir });
  }
  const who = 'Wavelane Bench <bench@wavelane.invalid> 1700000000 +0000';
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const parts: string[] = [`commit refs/heads/main\nmark :1\ncommitter ${who}\n${data('initial')}`];
  for (let i = 0; i < options.files; i++) {
    parts.push(`M 100644 inline ${syntheticPath(i)}\n${data(`file ${i}\n${'x'.repeat(64)}\n`)}`);
  }
  const branches: string[] = [];
  for (let b = 0; b < options.branches; b++) {
    const branch = `task-${b}`;
    branches.push(branch);
    // Spread the touched files over the tree so each merge reads different folders.
    const file = syntheticPath((b * 997) % options.files);
    parts.push(`commit refs/heads/${branch}\ncommitter ${who}\n${data(`task ${b}`)}from :1\nM 100644 inline ${file}\n${data(`changed by task ${b}\n`)}`);
  }
  await mustGit(['fast-import', '--quiet'], { cwd: dir, input: parts.join('') });
  await mustGit(['reset', '-q', '--hard', 'main'], { cwd: dir });
  return { dir, base: await mustGit(['rev-parse', 'main'], { cwd: dir }), branches };
}
