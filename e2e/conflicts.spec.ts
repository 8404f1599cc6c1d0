import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan, PlanTask } from '../src/shared/plan/plan';
import { importPlan, serveConflictBoard, type ConflictBoard } from './conflictHelpers/conflictBoard';
import { boardUi } from './helpers/boardUi';
import { collectProblems } from './helpers/pageProblems';

/**
 * Merge conflicts end to end, in Chromium through `wavelane serve`: two `shell` tasks change the same
 * two lines of one file differently; the first lands, the second conflicts and waits in Needs
 * attention. The user resolves it in the dialog (one hunk each way, or by asking a scripted agent),
 * completes the merge, and the target branch holds exactly the chosen lines.
 */

const ARTIFACTS = 'e2e/artifacts';
/** A run's agents, merges and the host's events on a loaded 2-core machine: generous, never a sleep. */
const RUN_TIMEOUT_MS = 30_000;

const FILE = 'lines.txt';
/** Twelve lines; the tasks change lines 2 and 10, so the seven unchanged lines between make two separate hunks. */
const BASE_LINES = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
const fileWith = (line2: string, line10: string) => BASE_LINES.map((line, i) => (i === 1 ? line2 : i === 9 ? line10 : line)).join('\n') + '\n';

const FAST = 'Fast edit';
const SLOW = 'Slow edit';
const FAST_SCRIPT = [`sed -i -e 's/^line 2$/fast two/' -e 's/^line 10$/fast ten/' ${FILE}`, 'echo "fast edit done"'].join('\n');
/**
 * Waits until the fast task's edit has landed on main (the worktree shares the repository's refs), so
 * this task is the one that conflicts, whatever the machine's load: an ordering, not a guessed sleep.
 */
const SLOW_SCRIPT = [
  `for i in $(seq 300); do git show main:${FILE} | grep -qx 'fast two' && break; sleep 0.1; done`,
  `sed -i -e 's/^line 2$/slow two/' -e 's/^line 10$/slow ten/' ${FILE}`,
  'echo "slow edit done"',
].join('\n');

const TASKS: PlanTask[] = [
  { id: 'fast', title: FAST, prompt: FAST_SCRIPT, agent: 'shell' },
  { id: 'slow', title: SLOW, prompt: SLOW_SCRIPT, agent: 'shell' },
];

/** main after the fast task landed, before the conflict is resolved. */
const FAST_ONLY = fileWith('fast two', 'fast ten');
/** Ours (main's, from the fast task) for the first hunk, theirs (the slow task's) for the second. */
const CHOSEN = fileWith('fast two', 'slow ten');
/** What the fixer agent writes: both sides kept on each conflicting line. */
const FIXED = fileWith('fast two and slow two', 'fast ten and slow ten');
/**
 * A resolver agent of the plan's own (the `shell` profile would run Wavelane's English prompt as a
 * script). It runs in the task's worktree with the target merged in: it reports the markers it found
 * and the prompt it was given, takes a moment (so the dialog's "resolving" state can be seen), then
 * rewrites the file without markers. `$1` is the prompt file.
 */
const FIXER_SCRIPT = [
  `echo "fixer: $(grep -c '^<<<<<<<' ${FILE}) conflicts in ${FILE}"`,
  'echo "fixer: prompt says: $(head -n 1 "$1")"',
  'sleep 2',
  `printf '%s' '${FIXED}' > ${FILE}`,
  `echo "fixer: rewrote ${FILE} without markers"`,
].join('\n');

let board: ConflictBoard | undefined;

test.beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
});

test.afterEach(async () => {
  await board?.cleanup();
  board = undefined;
});

/** Imports the plan, puts both tasks on Run parallel, starts the run and waits for the conflict. */
async function runIntoConflict(page: Page, plan: Plan): Promise<void> {
  const ui = boardUi(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(board!.host.url);
  await importPlan(page, plan);
  await ui.keyboardDrag(FAST, 'Run parallel');
  await ui.keyboardDrag(SLOW, 'Run parallel');
  await expect(ui.region('Run parallel').getByRole('article')).toHaveCount(2);
  await page.getByRole('button', { name: 'Start run', exact: true }).click();

  await expect(ui.cardIn(ui.region('Done'), FAST)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  const conflicted = ui.cardIn(ui.region('Needs attention'), SLOW);
  await expect(conflicted).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await expect(conflicted).toContainText('conflict');
  await expect(page.getByRole('contentinfo', { name: 'Run status' })).toContainText('finished', { timeout: RUN_TIMEOUT_MS });
  // Nothing of the conflicting task reached main.
  expect(await board!.repo.git('show', `main:${FILE}`)).toBe(FAST_ONLY.trimEnd());
}

/** After Complete merge: the card is Done, main holds exactly `expected`, and the user's checkout followed. */
async function expectLanded(page: Page, expected: string): Promise<void> {
  const ui = boardUi(page);
  await expect(ui.cardIn(ui.region('Done'), SLOW)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
  await expect(ui.region('Needs attention').getByRole('article')).toHaveCount(0);
  const repo = board!.repo;
  const landed = await repo.git('cat-file', 'blob', `main:${FILE}`);
  expect(landed).toBe(expected.trimEnd());
  expect(landed).not.toMatch(/^(<{7}|={7}|>{7}|\|{7})/m);
  const log = await repo.git('log', '--format=%s', 'main');
  expect(log).toMatch(/Resolve conflicts of task slow with main/);
  expect(log).toMatch(/Merge task slow: Slow edit/);
  expect(await readFile(path.join(repo.dir, FILE), 'utf8')).toBe(expected);
  expect(await repo.git('status', '--porcelain')).toBe('');
}

test('resolve a conflict hunk by hunk in the dialog, complete it, and land the chosen lines', async ({ page }) => {
  board = await serveConflictBoard({ [FILE]: fileWith('line 2', 'line 10') });
  const problems = collectProblems(page);
  const ui = boardUi(page);
  await runIntoConflict(page, { version: 1, tasks: TASKS });

  const dialog = ui.dialog('Resolve merge conflict');
  const counter = dialog.getByRole('status').filter({ hasText: /conflicts? left/ });
  const result = dialog.getByRole('textbox', { name: 'Result', exact: true });

  await test.step('open the dialog: the file, its three versions and two hunks', async () => {
    await ui.card(SLOW).getByRole('button', { name: 'Resolve conflict', exact: true }).click();
    await expect(dialog).toBeVisible();
    const files = dialog.getByRole('listbox', { name: 'Conflicted files' });
    await expect(files.getByRole('option')).toHaveCount(1);
    await expect(files.getByRole('option', { name: new RegExp(`^${FILE}.*unresolved`) })).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByRole('region', { name: 'Base', exact: true })).toContainText('line 10');
    await expect(dialog.getByRole('region', { name: 'Ours (main)', exact: true })).toContainText('fast ten');
    await expect(dialog.getByRole('region', { name: /^Theirs \(.*slow.*\)$/ })).toContainText('slow ten');
    await expect(counter).toHaveText('2 conflicts left');
    await expect(dialog.getByRole('group', { name: /^Conflict \d$/ })).toHaveCount(2);
    await expect(dialog.getByRole('group', { name: 'Conflict 1', exact: true })).toContainText('fast two');
    await expect(dialog.getByRole('group', { name: 'Conflict 2', exact: true })).toContainText('slow ten');
    await expect(dialog.getByRole('button', { name: 'Mark resolved', exact: true })).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Complete merge', exact: true })).toBeDisabled();
    await page.screenshot({ path: `${ARTIFACTS}/conflict-dialog.png` });
  });

  await test.step('abort after a first choice: asked first, then nothing is kept and main is untouched', async () => {
    await dialog.getByRole('group', { name: 'Conflict 1', exact: true }).getByRole('button', { name: 'Take theirs', exact: true }).click();
    await expect(counter).toHaveText('1 conflict left');
    await dialog.getByRole('button', { name: 'Abort', exact: true }).click();
    await dialog.getByRole('button', { name: 'Throw away and close', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(ui.cardIn(ui.region('Needs attention'), SLOW)).toBeVisible();
    expect(await board!.repo.git('show', `main:${FILE}`)).toBe(FAST_ONLY.trimEnd());
    await ui.card(SLOW).getByRole('button', { name: 'Resolve conflict', exact: true }).click();
    await expect(counter).toHaveText('2 conflicts left');
    await expect(dialog.getByRole('option', { name: new RegExp(`^${FILE}.*unresolved`) })).toBeVisible();
  });

  await test.step('take ours on the first hunk and theirs on the second', async () => {
    await dialog.getByRole('group', { name: 'Conflict 1', exact: true }).getByRole('button', { name: 'Take ours', exact: true }).click();
    await expect(counter).toHaveText('1 conflict left');
    await expect(dialog.getByRole('group', { name: /^Conflict \d$/ })).toHaveCount(1);
    // The hunk left is the second one, numbered 1 now.
    const last = dialog.getByRole('group', { name: 'Conflict 1', exact: true });
    await expect(last).toContainText('fast ten');
    await expect(last).toContainText('slow ten');
    await last.getByRole('button', { name: 'Take theirs', exact: true }).click();
    await expect(counter).toHaveText('0 conflicts left');
    await expect(dialog.getByRole('group', { name: /^Conflict \d$/ })).toHaveCount(0);
    // Exactly the chosen lines, markers gone (the editor's lines, as the user reads them).
    await expect(result).toHaveText(CHOSEN, { useInnerText: true });
  });

  await test.step('mark the file resolved; the choice survives a reload', async () => {
    await dialog.getByRole('button', { name: 'Mark resolved', exact: true }).click();
    const option = dialog.getByRole('option', { name: new RegExp(`^${FILE} text`) });
    await expect(option).toContainText('resolved');
    await expect(option).not.toContainText('unresolved');
    // The core keeps the resolution: a reloaded page (or another window) opens the dialog where it was.
    await page.reload();
    await ui.card(SLOW).getByRole('button', { name: 'Resolve conflict', exact: true }).click();
    await expect(option).toContainText('resolved');
    await expect(option).not.toContainText('unresolved');
    await expect(result).toHaveText(CHOSEN, { useInnerText: true });
    await expect(counter).toHaveText('0 conflicts left');
  });

  await test.step('complete the merge', async () => {
    const complete = dialog.getByRole('button', { name: 'Complete merge', exact: true });
    await expect(complete).toBeEnabled();
    await complete.click();
    await expect(dialog).toBeHidden({ timeout: RUN_TIMEOUT_MS });
  });

  await test.step('the task lands: main holds exactly the chosen lines', async () => {
    await expectLanded(page, CHOSEN);
  });
  expect(problems).toEqual([]);
});

test('ask a scripted agent of the plan to resolve, review its result, and land it', async ({ page }) => {
  board = await serveConflictBoard({ [FILE]: fileWith('line 2', 'line 10') });
  const problems = collectProblems(page);
  const ui = boardUi(page);
  await runIntoConflict(page, {
    version: 1,
    tasks: TASKS,
    agents: [{ id: 'fixer', command: 'bash', args: ['-c', FIXER_SCRIPT, 'fixer', '{promptFile}'] }],
  });

  const dialog = ui.dialog('Resolve merge conflict');
  const result = dialog.getByRole('textbox', { name: 'Result', exact: true });
  const ask = dialog.getByRole('button', { name: 'Ask agent to resolve', exact: true });

  await test.step('choose the plan\'s fixer agent and ask it', async () => {
    await ui.card(SLOW).getByRole('button', { name: 'Resolve conflict', exact: true }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('status').filter({ hasText: /conflicts? left/ })).toHaveText('2 conflicts left');
    // The plan's profile is offered beside the built-ins.
    await dialog.getByLabel('Agent', { exact: true }).selectOption('fixer');
    await ask.click();
    await expect(dialog.getByRole('status').filter({ hasText: 'fixer is resolving the conflict' })).toBeVisible();
    await expect(ask).toBeDisabled();
  });

  await test.step('the agent works in the task\'s terminal, and its result comes back for review', async () => {
    await expect(dialog.getByRole('status').filter({ hasText: 'is resolving the conflict' })).toHaveCount(0, { timeout: RUN_TIMEOUT_MS });
    const terminal = ui.terminalText(SLOW);
    // After the task's own output: the pane has followed the task from its run to its resolution.
    await expect(terminal).toContainText('slow edit done');
    await expect(terminal).toContainText('fixer: 2 conflicts in lines.txt');
    await expect(terminal).toContainText('fixer: prompt says: Resolve the merge conflicts');
    await expect(terminal).toContainText('fixer: rewrote lines.txt without markers');

    await expect(dialog.getByRole('option', { name: new RegExp(`^${FILE}.*agent resolved`) })).toBeVisible();
    await expect(dialog.getByText(/Resolved by the agent/)).toBeVisible();
    await expect(result).toHaveText(FIXED, { useInnerText: true });
    await expect(dialog.getByRole('status').filter({ hasText: /conflicts? left/ })).toHaveText('0 conflicts left');
    // A clean finish is no error: nothing in red under the editor.
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await page.screenshot({ path: `${ARTIFACTS}/conflict-agent.png` });
  });

  await test.step('complete the merge: main holds the agent\'s resolution', async () => {
    const complete = dialog.getByRole('button', { name: 'Complete merge', exact: true });
    await expect(complete).toBeEnabled();
    await complete.click();
    await expect(dialog).toBeHidden({ timeout: RUN_TIMEOUT_MS });
    await expectLanded(page, FIXED);
  });
  expect(problems).toEqual([]);
});
