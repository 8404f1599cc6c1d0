import { expect, test } from '@playwright/test';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { findExecutable } from '../src/main/core/agents/checkAvailability';
import { boardUi } from './helpers/boardUi';
import { serveTempBoard, type ServedBoard } from './helpers/servedBoard';
import { collectProblems } from './helpers/pageProblems';

/**
 * The board end to end: a user plans an objective, an ADR and `shell`-agent tasks through the UI, drags
 * three of them onto Run parallel (two share a lock), starts the run, watches and answers the agents in
 * their terminals, reloads mid-run, and finds every change on the target branch (and nothing of the
 * task left in Backlog).
 */

const ARTIFACTS = 'e2e/artifacts';
/**
 * The README's screenshot is taken from this run, but written to docs/ only on request
 * (`WAVELANE_UPDATE_SCREENSHOT=1 npx playwright test e2e/board.spec.ts`): a tracked file rewritten by
 * every test run would leave every checkout dirty.
 */
const README_SCREENSHOT = process.env.WAVELANE_UPDATE_SCREENSHOT === '1' ? 'docs/screenshot.png' : null;
/** A run's agents, merges and the host's events on a loaded 2-core machine: generous, never a sleep. */
const RUN_TIMEOUT_MS = 30_000;
/** What the user types into the waiting agent's terminal. */
const ANSWER = 'Ada Lovelace';

const ASK = 'Ask for a name';
const ALPHA = 'Write shared alpha';
const BETA = 'Write shared beta';
/** Stays in Backlog: a card not on the lane is not run. */
const LATER = 'Write a farewell';

/** Reads a line from the terminal: it only finishes once the user answers in the pane. */
const ASK_SCRIPT = ['echo "What is your name?"', 'read -r answer', 'echo "$answer" > answer.txt', 'echo "Thanks, $answer"'].join('\n');
/** Prints slowly, so a reload happens while it still has output to come. */
const ALPHA_SCRIPT = ['mkdir -p shared', 'for i in 1 2 3 4 5 6; do echo "tick $i"; sleep 0.5; done', 'echo alpha > shared/alpha.txt'].join('\n');
/** Alpha's whole output, as xterm shows it (its rows joined). */
const TICKS = 'tick 1tick 2tick 3tick 4tick 5tick 6';
const BETA_SCRIPT = ['mkdir -p shared', 'echo beta > shared/beta.txt', 'echo "beta written"'].join('\n');

let served: ServedBoard;

test.beforeAll(async () => {
  served = await serveTempBoard();
  await mkdir(ARTIFACTS, { recursive: true });
});

test.afterAll(async () => {
  await served?.cleanup();
});

test('plan, run, answer and land three shell tasks through the board', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const problems = collectProblems(page);
  const ui = boardUi(page);
  const backlog = ui.region('Backlog');
  const lane = ui.region('Run parallel');
  const running = ui.region('Running');
  const done = ui.region('Done');
  const attention = ui.region('Needs attention');

  await page.goto(served.host.url);
  await expect(backlog.getByText('No tasks')).toBeVisible();

  await test.step('create an objective and an ADR', async () => {
    await ui.createObjective('Greeting files', 'Files that greet whoever runs the board.');
    const sidebar = ui.region('Objectives');
    await expect(sidebar.getByRole('button', { name: 'Greeting files', exact: true })).toBeVisible();
    await ui.createAdr({
      title: 'Plain shell for file tasks',
      status: 'accepted',
      objective: 'Greeting files',
      context: 'The tasks only write small files.',
      decision: 'Use the shell agent.',
      consequences: 'No AI agent is needed to run them.',
    });
    await expect(sidebar.getByRole('button', { name: /ADR-001 Plain shell for file tasks/ })).toContainText('accepted');
  });

  await test.step('create four tasks: three for the run, two of them sharing a lock', async () => {
    // Without an agent the task gets the default (claude-code), which is not installed here.
    await ui.createTask({ title: ASK, id: 'ask', prompt: ASK_SCRIPT, objective: 'Greeting files', adrs: ['ADR-001'] });
    await ui.createTask({ title: ALPHA, id: 'alpha', prompt: ALPHA_SCRIPT, files: ['shared/**'], agent: 'shell', objective: 'Greeting files' });
    await ui.createTask({ title: BETA, id: 'beta', prompt: BETA_SCRIPT, files: ['shared/**'], agent: 'shell' });
    await ui.createTask({ title: LATER, id: 'later', prompt: 'echo bye > farewell.txt', agent: 'shell' });
    for (const title of [ASK, ALPHA, BETA, LATER]) await expect(ui.cardIn(backlog, title)).toBeVisible();
    await expect(ui.card(ALPHA)).toContainText('shared/**');
    await expect(ui.card(ASK)).toContainText('Greeting files');
  });

  await test.step('the lane refuses a task whose agent is missing, and the card says why', async () => {
    if (await findExecutable('claude', process.env.PATH, process.cwd())) {
      console.log('claude is installed here, so the default agent is not missing: the refusal is not shown');
    } else {
      await ui.keyboardDrag(ASK, 'Run parallel');
      await expect(ui.cardIn(backlog, ASK)).toContainText(/agent "claude-code" is not available/);
      await expect(lane.getByRole('article')).toHaveCount(0);
    }
    await ui.card(ASK).getByRole('button', { name: `Edit ${ASK}`, exact: true }).click();
    // The editor says which agents this machine has.
    await expect(ui.dialog('Task').getByLabel('Agent', { exact: true })).toHaveAccessibleDescription(/Installed here: (.*, )?shell\b/);
    await ui.fillTask({ agent: 'shell' });
  });

  await test.step('drag the tasks onto Run parallel and see two wave lanes', async () => {
    await ui.keyboardDrag(ASK, 'Run parallel');
    await expect(ui.cardIn(lane, ASK)).toBeVisible();
    await expect(ui.card(ASK)).not.toContainText('is not available');
    await ui.keyboardDrag(ALPHA, 'Run parallel');
    await expect(ui.cardIn(lane, ALPHA)).toBeVisible();
    // One drag with the mouse, the way most users move cards.
    await ui.mouseDrag(BETA, 'Run parallel');
    await expect(ui.cardIn(lane, BETA)).toBeVisible();
    await expect(backlog.getByRole('article')).toHaveCount(1);

    const wave1 = ui.lane('Wave 1');
    const wave2 = ui.lane('Wave 2');
    await expect(wave1.getByRole('article')).toHaveCount(2);
    await expect(ui.cardIn(wave1, ASK)).toBeVisible();
    await expect(ui.cardIn(wave1, ALPHA)).toBeVisible();
    await expect(wave2.getByRole('article')).toHaveCount(1);
    await expect(ui.cardIn(wave2, BETA)).toContainText('waits for lock shared/** held by alpha');
    await expect(page.locator('.card-overlay')).toHaveCount(0);
    await page.screenshot({ path: `${ARTIFACTS}/board-planned.png` });
  });

  await test.step('start: each agent prints into its own terminal', async () => {
    await page.getByRole('button', { name: 'Start run', exact: true }).click();
    await expect(ui.cardIn(running, ASK)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(ui.terminalText(ASK)).toContainText('What is your name?', { timeout: RUN_TIMEOUT_MS });
    await expect(ui.terminalText(ALPHA)).toContainText('tick 1', { timeout: RUN_TIMEOUT_MS });
    await expect(page.getByRole('contentinfo', { name: 'Run status' })).toContainText('running');
    await page.screenshot({ path: `${ARTIFACTS}/board-running.png` });
  });

  await test.step('reload mid-run: the board and the terminals come back', async () => {
    await page.reload();
    await expect(ui.cardIn(running, ASK)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(page.getByRole('contentinfo', { name: 'Run status' })).toContainText('running');
    await expect(ui.terminalText(ASK)).toContainText('What is your name?', { timeout: RUN_TIMEOUT_MS });
    // The output before the reload is replayed and the agent's later output follows it: no line lost
    // or repeated at the seam.
    await expect(ui.terminalText(ALPHA)).toContainText(TICKS, { timeout: RUN_TIMEOUT_MS });
    await expect(ui.lane('Wave 1')).toHaveCount(0);
    await expect(ui.cardIn(done, ALPHA)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(ui.cardIn(done, BETA)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(ui.terminalText(BETA)).toContainText('beta written', { timeout: RUN_TIMEOUT_MS });
    // Cards in three columns and three panes: the README's picture of a run.
    await expect(ui.cardIn(running, ASK)).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/board-mid-run.png` });
    if (README_SCREENSHOT) await page.screenshot({ path: README_SCREENSHOT });
  });

  await test.step('answer the prompt in the terminal', async () => {
    await ui.terminal(ASK).locator('.xterm').click();
    await page.keyboard.type(ANSWER);
    await page.keyboard.press('Enter');
    // The pty echoes what was typed, then the script answers.
    await expect(ui.terminalText(ASK)).toContainText(`What is your name?${ANSWER}Thanks, ${ANSWER}`, { timeout: RUN_TIMEOUT_MS });
  });

  await test.step('every card reaches Done and the target branch holds every change', async () => {
    for (const title of [ASK, ALPHA, BETA]) await expect(ui.cardIn(done, title)).toBeVisible({ timeout: RUN_TIMEOUT_MS });
    await expect(running.getByRole('article')).toHaveCount(0);
    await expect(attention.getByRole('article')).toHaveCount(0);
    await expect(page.getByRole('contentinfo', { name: 'Run status' })).toContainText('finished', { timeout: RUN_TIMEOUT_MS });
    await page.screenshot({ path: `${ARTIFACTS}/board-done.png` });

    const show = (file: string) => served.repo.git('show', `main:${file}`);
    expect(await show('answer.txt')).toBe(ANSWER);
    expect(await show('shared/alpha.txt')).toBe('alpha');
    expect(await show('shared/beta.txt')).toBe('beta');
    await expect(ui.cardIn(backlog, LATER)).toBeVisible();
    expect(await served.repo.git('ls-tree', '--name-only', 'main')).not.toContain('farewell.txt');
    // The user's checkout of main moved along with it: the files are there and nothing shows as changed.
    expect(await readFile(path.join(served.repo.dir, 'answer.txt'), 'utf8')).toBe(`${ANSWER}\n`);
    expect(await served.repo.git('status', '--porcelain')).toBe('');
  });

  expect(problems).toEqual([]);
});
