import { ParseScheduler } from './ParseScheduler';
import { TerminalScreen } from './TerminalScreen';

/**
 * Test support: what a fresh pane (a fresh xterm of that size) shows after `data`, line by line,
 * scrollback included. Tests compare a replay against the raw output with it. Not used by production code.
 */
export async function shownAfter(data: string, cols = 80, rows = 24): Promise<string[]> {
  const screen = new TerminalScreen(new ParseScheduler(), cols, rows);
  screen.write(data);
  await screen.parsed();
  const lines = screen.lines();
  screen.dispose();
  return lines;
}
