import { describe, expect, it } from 'vitest';
import { MAX_TITLE_LENGTH, taskTitle } from './taskTitle';

describe('taskTitle', () => {
  it('takes the first non-empty line, whitespace collapsed', () => {
    expect(taskTitle('\n\n   Add   the\tlogin form  \nmore detail')).toBe('Add the login form');
    expect(taskTitle('  \n ')).toBe('');
  });

  it('keeps a title of exactly the limit and cuts a longer one at a word', () => {
    const exact = 'a'.repeat(MAX_TITLE_LENGTH);
    expect(taskTitle(exact)).toBe(exact);
    const words = 'word '.repeat(30).trim();
    const cut = taskTitle(words);
    expect(cut.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(cut).toMatch(/word…$/);
  });

  it('cuts mid-word when the line has no space late enough', () => {
    const cut = taskTitle(`short ${'x'.repeat(200)}`);
    expect(cut).toHaveLength(MAX_TITLE_LENGTH);
    expect(cut.endsWith('x…')).toBe(true);
  });
});
