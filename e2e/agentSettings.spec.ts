import { expect, test } from '@playwright/test';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { collectProblems } from './helpers/pageProblems';
import { serveTempBoard, type ServedBoard } from './helpers/servedBoard';

/** A key no page or file would hold by chance. */
const KEY = 'sk-e2e-agent-settings-7d2c';

let board: ServedBoard;
/** Holds a stand-in `claude` that reports an old version (agents.detect parses it; no real CLI is needed). */
let binDir: string;

test.beforeAll(async () => {
  binDir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-e2e-bin-'));
  await writeFile(path.join(binDir, 'claude'), '#!/bin/sh\necho "2.0.1 (Claude Code)"\n');
  await chmod(path.join(binDir, 'claude'), 0o755);
  board = await serveTempBoard({ env: { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` } });
});

test.afterAll(async () => {
  await board?.cleanup();
  await rm(binDir, { recursive: true, force: true });
});

test('agent settings: an env key set for claude-code is saved owner-only, and masked when reopened', async ({ page }) => {
  const problems = collectProblems(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(board.host.url);
  await page.getByRole('button', { name: 'Agents', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Agent settings' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Agent', { exact: true })).toHaveValue('claude-code');
  // agents.detect found the stand-in and read its version.
  await expect(dialog.getByRole('status', { name: 'Agent CLI' })).toContainText('claude 2.0.1');
  await expect(dialog.getByRole('note', { name: 'Agent CLI warning' })).toHaveText(
    'claude 2.0.1 is older than 2.1.332, the version Wavelane was tested with',
  );

  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Name of variable 1').fill('ANTHROPIC_API_KEY');
  const value = dialog.getByLabel('Value of ANTHROPIC_API_KEY', { exact: true });
  await expect(value).toHaveAttribute('type', 'password');
  await value.fill(KEY);
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Name of variable 2').fill('ANTHROPIC_BASE_URL');
  await dialog.getByLabel('Value of ANTHROPIC_BASE_URL', { exact: true }).fill('http://127.0.0.1:8089');
  await dialog.getByLabel('Extra arguments').fill('--model\nclaude-sonnet-4-5');
  await dialog.getByLabel('Max parallel').fill('2');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const file = path.join(board.configDir, 'agents.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { profiles: Record<string, { env: Record<string, string>; args: string[]; maxParallel: number }> };
  expect(saved.profiles['claude-code']).toEqual({
    env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:8089' },
    args: ['--model', 'claude-sonnet-4-5'],
    maxParallel: 2,
  });

  await page.getByRole('button', { name: 'Agents', exact: true }).click();
  await expect(dialog).toBeVisible();
  const reopened = dialog.getByLabel('Value of ANTHROPIC_API_KEY', { exact: true });
  await expect(reopened).toHaveAttribute('type', 'password');
  await expect(reopened).toHaveValue(KEY);
  await expect(dialog.getByLabel('Value of ANTHROPIC_BASE_URL', { exact: true })).toHaveAttribute('type', 'text');
  // The board itself never shows the key.
  await expect(page.locator('body')).not.toContainText(KEY);
  await page.screenshot({ path: path.join('docs', 'agent-settings.png') });

  await dialog.getByRole('button', { name: 'Show value of ANTHROPIC_API_KEY' }).click();
  await expect(reopened).toHaveAttribute('type', 'text');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(problems).toEqual([]);
});
