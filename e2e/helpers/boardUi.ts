import { expect, type Locator, type Page } from '@playwright/test';

/** Steps of a mouse drag: dnd-kit needs several pointermove events past its activation distance. */
const MOUSE_DRAG_STEPS = 12;
/** How long one arrow key (or pointer nudge) gets to be announced before it is tried again. */
const ARROW_RETRY_MS = 1_000;
/** All the tries of one drag step together, generous for a loaded machine. */
const DRAG_STEP_TIMEOUT_MS = 10_000;

export interface TaskFields {
  title: string;
  prompt: string;
  id?: string;
  files?: string[];
  dependsOn?: string[];
  agent?: string;
  objective?: string;
  adrs?: string[];
}

export interface AdrFields {
  title: string;
  status: 'proposed' | 'accepted' | 'superseded';
  objective: string;
  context: string;
  decision: string;
  consequences: string;
}

/** The board as a user sees it: regions, cards and panes found by role and accessible name only. */
export function boardUi(page: Page) {
  const region = (name: string) => page.getByRole('region', { name, exact: true });
  const card = (title: string) => page.getByRole('article', { name: title, exact: true });
  const dialog = (name: string) => page.getByRole('dialog', { name, exact: true });
  /**
   * Waits until the core has answered a drop: cards cannot be picked up meanwhile (dnd-kit marks them
   * aria-disabled), and a drag started before would not move anything.
   */
  const settled = (title: string) => expect(card(title)).toHaveAttribute('aria-disabled', 'false');
  /**
   * What a screen reader hears from dnd-kit's live region. It is atomic: it holds the latest
   * announcement only ("Picked up" is followed at once by where the card is).
   */
  const heard = (text: string | RegExp, timeout?: number) =>
    expect(page.getByRole('status').filter({ hasText: text })).toHaveCount(1, timeout === undefined ? {} : { timeout });

  return {
    region,
    card,
    dialog,
    /** A card inside a column (or a wave lane's group). */
    cardIn: (container: Locator, title: string) => container.getByRole('article', { name: title, exact: true }),
    lane: (name: string) => region('Run parallel').getByRole('group', { name, exact: true }),
    terminal: (title: string) => region(`Terminal: ${title}`),
    /** What xterm shows (its DOM renderer's rows), for text assertions. */
    terminalText: (title: string) => region(`Terminal: ${title}`).locator('.xterm-rows'),

    async createObjective(title: string, description: string): Promise<void> {
      await page.getByRole('button', { name: 'New objective', exact: true }).click();
      const form = dialog('Objective');
      await form.getByLabel('Title', { exact: true }).fill(title);
      await form.getByLabel('Description', { exact: true }).fill(description);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(form).toBeHidden();
    },

    async createAdr(fields: AdrFields): Promise<void> {
      await page.getByRole('button', { name: 'New ADR', exact: true }).click();
      const form = dialog('ADR');
      await form.getByLabel('Title', { exact: true }).fill(fields.title);
      await form.getByLabel('Status', { exact: true }).selectOption(fields.status);
      await form.getByLabel('Objective', { exact: true }).selectOption({ label: fields.objective });
      await form.getByLabel('Context', { exact: true }).fill(fields.context);
      await form.getByLabel('Decision', { exact: true }).fill(fields.decision);
      await form.getByLabel('Consequences', { exact: true }).fill(fields.consequences);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(form).toBeHidden();
    },

    /** Fills the Task dialog that is open (new or edit) and saves it. */
    async fillTask(fields: Partial<TaskFields>): Promise<void> {
      const form = dialog('Task');
      await expect(form).toBeVisible();
      const fill = (label: string, value: string | undefined) =>
        value === undefined ? Promise.resolve() : form.getByLabel(label, { exact: true }).fill(value);
      await fill('Title', fields.title);
      await fill('Id', fields.id);
      await fill('Prompt', fields.prompt);
      if (fields.objective !== undefined) await form.getByLabel('Objective', { exact: true }).selectOption({ label: fields.objective });
      await fill('ADRs', fields.adrs?.join(', '));
      await fill('Depends on', fields.dependsOn?.join(', '));
      await fill('Files', fields.files?.join('\n'));
      await fill('Agent', fields.agent);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(form).toBeHidden();
    },

    async createTask(fields: TaskFields): Promise<void> {
      await page.getByRole('button', { name: 'New task', exact: true }).click();
      await this.fillTask(fields);
      await expect(card(fields.title)).toBeVisible();
    },

    /**
     * dnd-kit's keyboard drag: focus the card, Space picks it up, ArrowRight moves it to the next drop
     * target on the right, Space drops it. Each key waits for what a screen reader hears after the one
     * before (dnd-kit's live region), as a user waits to see the card move.
     */
    async keyboardDrag(title: string, target: string): Promise<void> {
      await settled(title);
      await card(title).focus();
      await page.keyboard.press('Space');
      await heard(new RegExp(`^(Picked up ${escapeRegExp(title)}\\.|${escapeRegExp(title)} is over )`));
      // dnd-kit listens for the arrows only from a timer after the pickup (and needs the columns measured),
      // so a key sent by a machine right after the announcement can go unheard. Pressing again is safe:
      // no column to the right of Run parallel takes cards.
      await expect(async () => {
        await page.keyboard.press('ArrowRight');
        await heard(`${title} is over ${target}.`, ARROW_RETRY_MS);
      }).toPass({ timeout: DRAG_STEP_TIMEOUT_MS });
      await page.keyboard.press('Space');
      await heard(`${title} was dropped on ${target}.`);
      await settled(title);
    },

    /**
     * A real pointer drag from the card's centre to the target region's centre, in small moves, let go
     * once dnd-kit says the card is over the target (as a user lets go when the column lights up).
     */
    async mouseDrag(title: string, target: string): Promise<void> {
      await settled(title);
      const from = await card(title).boundingBox();
      const to = await region(target).boundingBox();
      if (!from || !to) throw new Error(`cannot drag ${title}: the card or ${target} is not laid out`);
      const x = to.x + to.width / 2;
      const y = to.y + to.height / 2;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(x, y, { steps: MOUSE_DRAG_STEPS });
      // The columns are measured a frame after the drag starts; a pointer that arrived first is seen at
      // its next move, so nudge it until the target is announced.
      let nudge = 0;
      await expect(async () => {
        await page.mouse.move(x, y + (nudge++ % 2));
        await heard(`${title} is over ${target}.`, ARROW_RETRY_MS);
      }).toPass({ timeout: DRAG_STEP_TIMEOUT_MS });
      await page.mouse.up();
      await heard(`${title} was dropped on ${target}.`);
      await settled(title);
    },
  };
}

export type BoardUi = ReturnType<typeof boardUi>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
