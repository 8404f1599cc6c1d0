/**
 * About 1 MB of output (ASCII-heavy terminal text is ~1 byte per UTF-16 unit): many screens of
 * scrollback to restore a pane after a reload, small enough to hold for every running agent and to send
 * in one message.
 */
export const REPLAY_BUFFER_MAX_CHARS = 1_000_000;
/**
 * How far past the cut point we look for a line break to start the replay on. Starting at a line
 * start avoids replaying the tail of a half-cut escape sequence as garbage; a longer search would drop
 * too much of a stream with no newlines (a progress bar redrawn with `\r`).
 */
export const SAFE_BOUNDARY_SEARCH_CHARS = 4_096;

export interface ReplaySnapshot {
  /** The retained output, to write into a fresh terminal. */
  data: string;
  /** Sequence number of the last batch included (0 before any): live batches continue at seq + 1. */
  seq: number;
}

/**
 * The last `maxChars` characters of a session's output, kept as the batches that produced them, each
 * with its sequence number. A client restoring a pane takes a snapshot, writes it, then applies only live
 * batches with `seq > snapshot.seq`: no gap, no duplicate, whichever order it subscribed in.
 */
export class ReplayBuffer {
  private readonly chunks: Array<{ seq: number; data: string }> = [];
  private size = 0;
  private lastSeq = 0;

  constructor(private readonly maxChars: number = REPLAY_BUFFER_MAX_CHARS) {}

  get seq(): number {
    return this.lastSeq;
  }

  get length(): number {
    return this.size;
  }

  push(seq: number, data: string): void {
    this.lastSeq = seq;
    if (data === '') return;
    this.chunks.push({ seq, data });
    this.size += data.length;
    this.trim();
  }

  snapshot(): ReplaySnapshot {
    return { data: this.chunks.map((chunk) => chunk.data).join(''), seq: this.lastSeq };
  }

  private trim(): void {
    while (this.size > this.maxChars) {
      const first = this.chunks[0];
      if (!first) return;
      const excess = this.size - this.maxChars;
      if (first.data.length <= excess) {
        this.chunks.shift();
        this.size -= first.data.length;
        continue;
      }
      const kept = trimToSafeStart(first.data, first.data.length - excess);
      this.size -= first.data.length - kept.length;
      first.data = kept;
    }
  }
}

/**
 * The last at most `maxChars` characters of `text`, starting at a safe place: just after a line break
 * near the cut when there is one, and never between the two halves of a surrogate pair (an emoji).
 */
export function trimToSafeStart(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let start = text.length - Math.max(0, maxChars);
  const newline = text.indexOf('\n', start);
  if (newline !== -1 && newline - start < SAFE_BOUNDARY_SEARCH_CHARS) {
    start = newline + 1;
  } else if (isLowSurrogate(text.charCodeAt(start))) {
    start += 1;
  }
  return text.slice(start);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
