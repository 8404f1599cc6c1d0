import serializeAddon from '@xterm/addon-serialize';
import headless from '@xterm/headless';
import type { ParseScheduler } from './ParseScheduler';

// Both are CommonJS bundles whose named exports Node's ESM loader cannot detect: take them off the default.
const { Terminal } = headless;
const { SerializeAddon } = serializeAddon;

/**
 * Lines a task's headless terminal keeps above its screen, and so what a pane gets back on reattach.
 * VS Code's default scrollback; at 120 columns a line costs ~1.5 KB in xterm's buffer, so ~1.5 MB per
 * task (the renderer's pane keeps more, for what it saw live).
 */
export const REPLAY_SCROLLBACK_LINES = 1000;

/**
 * A headless xterm (VS Code's way of restoring a terminal): it parses the output as the pane would, and
 * `snapshot` serializes its screen and scrollback (text, colours, cursor) into escape sequences which,
 * written into a fresh xterm, show the same thing. Memory is bounded by the scrollback, not by how much
 * the agent printed. Output is parsed a piece at a time through the shared ParseScheduler, so a snapshot
 * waits for everything written before it.
 */
export class TerminalScreen {
  private readonly terminal: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private disposed = false;
  /** Characters written but not parsed yet: this screen's share of the parsers' backlog. */
  private unparsed = 0;
  /** Settles the promises of `snapshot` and `parsed` still waiting when the screen is disposed. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly scheduler: ParseScheduler,
    cols: number,
    rows: number,
    scrollback: number = REPLAY_SCROLLBACK_LINES,
  ) {
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

  /** Queues output for the parser; `parsed` runs once it is parsed (not if the screen is disposed first). */
  write(data: string, parsed?: () => void): void {
    if (this.disposed || data === '') return;
    this.unparsed += data.length;
    this.scheduler.write(this.terminal, data, () => {
      this.unparsed -= data.length;
      parsed?.();
    });
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed) this.terminal.resize(cols, rows);
  }

  /**
   * The screen and scrollback as escape sequences, once everything written so far is parsed. It is
   * taken inside the parser's callback, before anything written later reaches the parser, so it holds
   * exactly the output written before the call.
   */
  snapshot(): Promise<string> {
    return this.afterParse(() => this.serializer.serialize(), '');
  }

  /** Resolves once everything written so far is parsed. */
  parsed(): Promise<void> {
    return this.afterParse(() => undefined, undefined);
  }

  /** The text of every line, scrollback included (trailing blanks trimmed): what a test compares. */
  lines(): string[] {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.scheduler.forget(this.terminal);
    this.terminal.dispose();
    this.unparsed = 0;
    for (const settle of [...this.waiting]) settle();
    this.waiting.clear();
  }

  private afterParse<T>(take: () => T, fallback: T): Promise<T> {
    if (this.disposed) return Promise.resolve(fallback);
    return new Promise((resolve) => {
      const settle = () => resolve(fallback);
      this.waiting.add(settle);
      this.scheduler.write(this.terminal, '', () => {
        this.waiting.delete(settle);
        resolve(this.disposed ? fallback : take());
      });
    });
  }
}
