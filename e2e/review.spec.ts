import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { boardUi } from './helpers/boardUi';
import { serveTempBoard, type ServedBoard } from './helpers/servedBoard';
import { collectProblems } from './helpers/pageProblems';

/**
 * Review before merge end to end, in Chromium through `wavelane serve`: a `shell` task finishes and waits
 * in the Review column with its diff; the user asks for a change (the agent runs again in the same
 * worktree), reviews again, and approves, and the change lands on main. A second task (review asked
 * for on the task alone) is discarded: its branch and worktree are gone and main is untouched.
 */

const ARTIFACTS = 'e2e/artifacts';
/** A run's agents, merges and the host's events on a loaded 2-core machine: generous, never a sleep. */
const RUN_TIMEOUT_MS = 30_000;

const WRITE = 'Write the review file';
const WRITE_SCRIPT = 'echo first > review.txt';
/**
 * The follow-up asks in its terminal before it writes, so the test sees it running again (and the user
 * sees it there) however fast the machine is: an ordering, not a guessed sleep. The shell agent's
 * follow-up prompt is a script, like its prompt.
 */
const FOLLOW_UP_SCRIPT = ['echo "Add the second line? (y/n)"', 'read -r answer', '[ "$answer" = y ] && echo second >> review.txt'].join('\n');

const JUNK = 'Write a junk file';
const JUNK_SCRIPT = 'echo junk > junk.txt';

let served: ServedBoard | undefined;

test.beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

test.afterEach(async () => {
  await served?.cleanup();
  served = undefined;
});

async function openBoard(page: Page): Promise<ServedBoard> {
  served = await serveTempBoard();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.host.url);
  await expect(boardUi(page).region('Backlog').getByText('No tasks')).toBeVisible();
  return served;
}

test('Review flow: request changes, see the task run again, approve, find it merged', async ({ page }) => {
  const problems = collectProblems(page);
  const { repo } = await openBoard(page);
  const ui = boardUi(page);
  const running = ui.region('Running');
  const review = ui.region('Review');
  const done = ui.region('Done');
  const dialog = ui.dialog(`Review ${WRITE}`);
  const status = page.getByRole('contentinfo', { name: 'Run status' });
  const head = await repo.git('rev-parse', 'main');

  await test.step('plan one shell task, turn on Review before merge, start the run', async () => {
    await ui.createTask({ title: WRITE, id: 'write', prompt: WRITE_SCRIPT, agent: 'shell' });
    const setting = page.getByRole('toolbar', { name: 'Board' }).getByRole('checkbox', { name: 'Review before merge', exact: true });
    await setting.check();
    // Saved by the core: a reload shows it on.
    await page.reload();
    await expect(setting).toBeChecked();
    await ui.keyboardDrag(WRITE, 'Run parallel');
    await page.getByRole('button', { name: 'Start run', exact: true }).click();
  });

  await test.step('the finished task waits in Review, its work unmerged', async () => {
    await expect(ui.cardIn(review, WRITE)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(ui.card(WRITE)).toContainText('waiting for your review');
    await expect(status).toContainText('review 1');
    // The run waits for the decision: nothing reached main.
    expect(await repo.git('rev-parse', 'main')).toBe(head);
    await page.screenshot({ path: `${ARTIFACTS}/review-column.png` });
  });

  await test.step('open the review: review.txt added with one line', async () => {
    await ui.card(WRITE).getByRole('button', { name: `Review ${WRITE}`, exact: true }).click();
    await expect(dialog).toBeVisible();
    const files = dialog.getByRole('navigation', { name: 'Files changed' });
    await expect(files).toContainText('Files changed (1)');
    await expect(files.getByRole('button', { name: /^review\.txt added \+1 −0$/ })).toBeVisible();
    const diff = dialog.getByRole('region', { name: 'review.txt', exact: true });
    // Side by side first: @codemirror/merge marks the lines the task added on the right (after) side.
    await expect(dialog.getByRole('button', { name: 'Side by side', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(diff.locator('.cm-merge-b .cm-changedLine')).toHaveText(['first']);
    await page.screenshot({ path: `${ARTIFACTS}/review-dialog-first.png` });
  });

  await test.step('request changes: the agent runs again in its terminal and the card is in Running', async () => {
    await dialog.getByRole('button', { name: 'Request changes', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Follow-up prompt', exact: true }).fill(FOLLOW_UP_SCRIPT);
    await dialog.getByRole('button', { name: 'Send to agent', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(ui.cardIn(running, WRITE)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(ui.card(WRITE)).toContainText('making the requested changes');
    await expect(review.getByRole('article')).toHaveCount(0);
    await expect(ui.terminalText(WRITE)).toContainText('Add the second line? (y/n)', { timeout: RUN_TIMEOUT_MS });
    await page.screenshot({ path: `${ARTIFACTS}/review-follow-up-running.png` });
    await ui.terminal(WRITE).locator('.xterm').click();
    await page.keyboard.type('y');
    await page.keyboard.press('Enter');
  });

  await test.step('back in Review: the diff now has both lines', async () => {
    await expect(ui.cardIn(review, WRITE)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await ui.card(WRITE).getByRole('button', { name: `Review ${WRITE}`, exact: true }).click();
    await expect(dialog.getByRole('navigation', { name: 'Files changed' }).getByRole('button', { name: /^review\.txt added \+2 −0$/ })).toBeVisible();
    const diff = dialog.getByRole('region', { name: 'review.txt', exact: true });
    await expect(diff.locator('.cm-merge-b .cm-changedLine')).toHaveText(['first', 'second']);
    // The size docs/review-dialog.png is taken at.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${ARTIFACTS}/review-dialog-second.png` });
    await page.setViewportSize({ width: 1400, height: 900 });
    await dialog.getByRole('button', { name: 'Unified', exact: true }).click();
    await expect(dialog.getByRole('button', { name: 'Unified', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(diff.getByRole('textbox', { name: 'review.txt changes', exact: true }).locator('.cm-changedLine')).toHaveText(['first', 'second']);
    await page.screenshot({ path: `${ARTIFACTS}/review-dialog-unified.png` });
    expect(await repo.git('rev-parse', 'main')).toBe(head);
  });

  await test.step('approve and merge: the card reaches Done and main has both lines', async () => {
    await dialog.getByRole('button', { name: 'Approve and merge', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(ui.cardIn(done, WRITE)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(status).toContainText('finished', { timeout: RUN_TIMEOUT_MS });
    await expect(status).toContainText('merged 1');
    await page.screenshot({ path: `${ARTIFACTS}/review-done.png` });
    expect(await repo.git('show', 'main:review.txt')).toBe('first\nsecond');
    // The user's checkout of main moved along with it.
    expect(await readFile(path.join(repo.dir, 'review.txt'), 'utf8')).toBe('first\nsecond\n');
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  expect(problems).toEqual([]);
});

test('Discard in review: asked first, then the branch and worktree are gone and main is untouched', async ({ page }) => {
  const problems = collectProblems(page);
  const { repo } = await openBoard(page);
  const ui = boardUi(page);
  const dialog = ui.dialog(`Review ${JUNK}`);
  const head = await repo.git('rev-parse', 'main');

  await test.step('review asked for on the task alone (the run setting stays off)', async () => {
    await ui.createTask({ title: JUNK, id: 'junk', prompt: JUNK_SCRIPT, agent: 'shell' });
    await ui.card(JUNK).getByRole('button', { name: `Edit ${JUNK}`, exact: true }).click();
    const perTask = ui.dialog('Task').getByRole('checkbox', { name: 'Review before merge', exact: true });
    await perTask.check();
    await expect(perTask).toHaveAccessibleDescription(/waits in Review with its diff/);
    await page.screenshot({ path: `${ARTIFACTS}/review-task-dialog.png` });
    await ui.fillTask({});
    await expect(page.getByRole('toolbar', { name: 'Board' }).getByRole('checkbox', { name: 'Review before merge', exact: true })).not.toBeChecked();
    await ui.keyboardDrag(JUNK, 'Run parallel');
    await page.getByRole('button', { name: 'Start run', exact: true }).click();
    await expect(ui.cardIn(ui.region('Review'), JUNK)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  });

  const branch = (await repo.git('branch', '--list', '--format=%(refname:short)', 'wavelane/*')).trim();
  expect(branch).toMatch(/^wavelane\/.*junk/);

  await test.step('discard: the confirmation names the branch and the work', async () => {
    await ui.card(JUNK).getByRole('button', { name: `Review ${JUNK}`, exact: true }).click();
    await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
    const confirm = dialog.getByRole('alertdialog', { name: `Discard ${JUNK}?`, exact: true });
    await expect(confirm).toContainText(`The branch ${branch} and its worktree are removed, with 1 changed file (+1 −0).`);
    await expect(confirm).toContainText('junk.txt');
    await page.screenshot({ path: `${ARTIFACTS}/review-discard-confirm.png` });
    await confirm.getByRole('button', { name: 'Discard branch and worktree', exact: true }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('the card is in Needs attention with the reason; nothing is left behind', async () => {
    const card = ui.cardIn(ui.region('Needs attention'), JUNK);
    await expect(card).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(card).toContainText('cancelled');
    await expect(card).toContainText(`discarded in review: branch ${branch} and its worktree were removed`);
    await expect(page.getByRole('contentinfo', { name: 'Run status' })).toContainText('finished', { timeout: RUN_TIMEOUT_MS });
    await page.screenshot({ path: `${ARTIFACTS}/review-discarded.png` });
    expect(await repo.git('rev-parse', 'main')).toBe(head);
    expect(await repo.git('branch', '--list', 'wavelane/*')).toBe('');
    expect((await repo.git('worktree', 'list')).split('\n')).toHaveLength(1);
    expect(await repo.git('ls-tree', '--name-only', 'main')).not.toContain('junk.txt');
  });

  expect(problems).toEqual([]);
});
