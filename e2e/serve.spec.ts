import { expect, test } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createTempRepo, type TempRepo } from '../src/main/core/testing/tempRepo';
import { serveRepo, type ServedHost } from './serveHost';

let repo: TempRepo;
let host: ServedHost;

test.beforeAll(async () => {
  repo = await createTempRepo({ branch: 'main' });
  host = await serveRepo(repo.dir);
});

test.afterAll(async () => {
  await host?.stop();
  await repo?.cleanup();
});

test('the page shows the repository name and the empty board', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: path.basename(repo.dir) })).toBeVisible();
  for (const column of ['Backlog', 'Run parallel', 'Running', 'Done', 'Needs attention']) {
    await expect(page.getByRole('region', { name: column })).toBeVisible();
  }
  // The token leaves the address bar (and screenshots) once read.
  expect(page.url()).not.toContain(host.token);
  await page.reload();
  await expect(page.getByRole('heading', { name: path.basename(repo.dir) })).toBeVisible();
  await mkdir('e2e/artifacts', { recursive: true });
  await page.screenshot({ path: 'e2e/artifacts/board-empty.png' });
  expect(problems).toEqual([]);
});

test('a WebSocket without the token is refused, and the host says why', async ({ page }) => {
  await page.goto(`${host.origin}/`);
  const outcome = await page.evaluate(
    (origin) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(origin.replace('http', 'ws') + '/ws');
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    host.origin,
  );
  expect(outcome).toBe('refused');
  await expect.poll(() => host.output()).toMatch(/refused WebSocket .*no token/);
});

test('a browser-opened host without a repository offers to open one and names a bad path', async ({ page }) => {
  // Started from a folder that is not a repository, without --repo: the page asks for one.
  const empty = await serveRepo(null);
  const bare = path.join(repo.dir, 'no-such-folder');
  try {
    await page.goto(empty.url);
    await page.getByLabel('Repository path').fill(bare);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('alert')).toContainText(`No such folder: ${bare}`);
    await page.getByLabel('Repository path').fill(repo.dir);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('heading', { name: path.basename(repo.dir) })).toBeVisible();
  } finally {
    await empty.stop();
  }
});
