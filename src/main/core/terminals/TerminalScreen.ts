import { SerializeAddon } from '@xterm/addon-serialize';
import { Terminal } from '@xterm/headless';

/**
 * Lines a task's headless terminal keeps above its screen, and so what a pane gets back on reattach.
 * VS Code's default scrollback; at 120 columns a line costs ~1.5 KB in xterm's buffer, so ~1.5 MB per
 * task (the renderer's pane keeps more, for what it saw live).
 */
export const REPLAY_SCROLLBACK_LINES = 1000;
/**
 * Output is handed to the parser in pieces of at most this many characters. xterm checks its 12 ms time
 * budget only between pieces, so a 200 KB batch written whole would hold the event loop for one long parse;
 * in pieces, several tasks' terminals interleave with everything else the core does.
 */
export const PARSE_PIECE_CHARS = 16 * 1024;

/**
 * A headless xterm (VS Code's way of restoring a terminal): it parses the output as the pane would, and
 * `snapshot` serializes its screen and scrollback (text, colours, cursor) into escape sequences which,
 * written into a fresh xterm, show the same thing. Memory is bounded by the scrollback, not by how much
 * the agent printed. Parsing is asynchronous (xterm slices it into macrotasks), so a snapshot waits for
 * everything written before it.
 */
export class TerminalScreen {
  private readonly terminal: Terminal;
  private readonly serializer = new SerializeAddon();
  private disposed = false;
  /** Characters written but not parsed yet: the parser's backlog. */
  private unparsed = 0;
  /** Settles the promises of `snapshot` and `parsed` still waiting when the screen is disposed. */
  private readonly waiting: Array<() => void> = [];

  constructor(cols: number, rows: number, scrollback: number = REPLAY_SCROLLBACK_LINES) {
    // allowProposedApi: the serialize addon reads the buffer through xterm's proposed API.
    this.terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.terminal.loadAddon(this.serializer);
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  /** Characters written and still waiting for the parser. */
  get backlog(): number {
    return this.unparsed;
  }

  write(data: string): void {
    if (this.disposed || data === '') return;
    let start = 0;
    while (start < data.length) {
      let end = Math.min(data.length, start + PARSE_PIECE_CHARS);
      // Never split a surrogate pair: xterm would see two halves of an emoji as two broken characters.
      if (end < data.length && isHighSurrogate(data.charCodeAt(end - 1))) end -= 1;
      const piece = data.slice(start, end);
      this.unparsed += piece.length;
      this.terminal.write(piece, () => (this.unparsed -= piece.length));
      start = end;
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed) this.terminal.resize(cols, rows);
  }

  /**
   * The screen and scrollback as escape sequences, once everything written so far is parsed. It is
   * taken inside the parser's callback for the last write, before anything written later is parsed, so it
   * holds exactly the output written before the call.
   */
  snapshot(): Promise<string> {
    return this.afterParse(() => this.serializer.serialize(), '');
  }

  /** The visible text, line by line (trailing blanks trimmed): what a test compares. */
  lines(): string[] {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines;
  }

  /** Resolves once everything written so far is parsed. */
  parsed(): Promise<void> {
    return this.afterParse(() => undefined, undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminal.dispose();
    // A disposed xterm drops its queue without calling back: settle whoever waits on it.
    for (const settle of this.waiting.splice(0)) settle();
  }

  /** Runs `take` inside the parser's callback for an empty write queued now; `fallback` once disposed. */
  private afterParse<T>(take: () => T, fallback: T): Promise<T> {
    if (this.disposed) return Promise.resolve(fallback);
    return new Promise((resolve) => {
      const settle = () => resolve(fallback);
      this.waiting.push(settle);
      this.terminal.write('', () => {
        const at = this.waiting.indexOf(settle);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(this.disposed ? fallback : take());
      });
    });
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
