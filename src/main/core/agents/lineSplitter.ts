/**
 * Cuts a stream of decoded text into lines for an adapter's `parseLine`. A pty ends lines with `\r\n`
 * (and a CLI may print a bare `\r` to redraw a spinner), so both are line ends here. A partial line
 * waits for the rest; `flush()` hands over a last line that never got its newline (a CLI killed mid-
 * write leaves one: the adapter then shows it as text rather than losing it). A line longer than
 * `maxLineChars` is cut, so one runaway line cannot grow the buffer without bound.
 */

/** Far above any real stream-json event (a whole file's contents in a tool result is a few hundred KB). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export class LineSplitter {
  private partial = '';

  constructor(private readonly maxLineChars = MAX_LINE_CHARS) {}

  /** Lines completed by `chunk`, without their line ends; empty lines are dropped. */
  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const pieces = text.split(/\r\n|\n|\r/);
    this.partial = pieces.pop() ?? '';
    const lines = pieces.filter((line) => line !== '');
    while (this.partial.length > this.maxLineChars) {
      lines.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    return lines;
  }

  /** The unterminated last line, if any; the splitter is empty afterwards. */
  flush(): string[] {
    const last = this.partial;
    this.partial = '';
    return last === '' ? [] : [last];
  }
}
