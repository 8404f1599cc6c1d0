import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { electronBinary } from '../scripts/electronBinary.mjs';
import { createTempRepo } from '../src/main/core/testing/tempRepo';

const binary = electronBinary();

test('the Electron window opens a repository and shows its name', async () => {
  if (!binary.present) {
    console.log(`Skipping the Electron e2e: ${binary.reason}`);
    test.skip(true, binary.reason);
    return;
  }
  const repo = await createTempRepo();
  const app = await electron.launch({ executablePath: binary.path, args: ['.', `--repo=${repo.dir}`], cwd: path.resolve(import.meta.dirname, '..') });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: path.basename(repo.dir) })).toBeVisible();
    // Isolated and sandboxed: the page sees the bridge but no Node.
    expect(await window.evaluate(() => typeof (globalThis as { wavelane?: unknown }).wavelane)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
    await repo.cleanup();
  }
});
