/** Titles longer than this are cut: a card and a CLI line show about this much. */
export const MAX_TITLE_LENGTH = 80;

/** A title from free text: its first non-empty line, whitespace collapsed, cut at a word with "…". */
export function taskTitle(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .find((part) => part !== '');
  if (line === undefined) return '';
  if (line.length <= MAX_TITLE_LENGTH) return line;
  const cut = line.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  // Cutting at a word keeps titles readable, unless that would throw away most of the line.
  return `${(space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
