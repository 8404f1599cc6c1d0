import type { WriteStream } from 'node:fs';
import { access, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';

export type SessionLogError = 'LOG_OPEN_FAILED';
export type ReadLogError = 'LOG_NOT_FOUND' | 'LOG_READ_FAILED';

/**
 * About 1 MB of output (ASCII-heavy terminal text is ~1 byte per UTF-16 unit): far more than a pane's
 * scrollback holds once parsed, small enough to read for every pane a reload restores.
 */
export const LOG_TAIL_MAX_CHARS = 1_000_000;
/**
 * How far past the cut point we look for a line break to start the tail on. Starting at a line start
 * avoids replaying the tail of a half-cut escape sequence as garbage; a longer search would drop too much
 * of a stream with no newlines (a progress bar redrawn with `\r`).
 */
export const SAFE_BOUNDARY_SEARCH_CHARS = 4_096;
/** Owner-only: agent output can echo secrets from the environment or the repository. */
const LOG_FILE_MODE = 0o600;
/**
 * Chunks are gathered for this long and written with one call: a pty delivers output in reads of a few
 * KB, and one file write per read cost more main-thread time than everything else in the session
 * (measured by bench/terminalThroughput.bench.ts). A crash loses at most this much of the log's tail.
 */
export const LOG_COALESCE_MS = 25;
/** ... or once this much is waiting, to bound the memory held between writes. */
export const LOG_COALESCE_BYTES = 256 * 1024;

/**
 * The per-attempt log: every byte the pty produced, appended in arrival order, raw (not decoded, so a
 * broken UTF-8 sequence is kept as it was), written in coalesced blocks. A write error does not stop the
 * session; it is remembered and reported when the log closes.
 */
export class SessionLog {
  private error: string | null = null;
  private closing: Promise<string | null> | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly file: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => {
      this.error ??= `Writing the agent log ${file} failed: ${error.message}.`;
    });
  }

  static async open(file: string): Promise<Result<SessionLog, SessionLogError>> {
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const handle = await open(file, 'a', LOG_FILE_MODE);
      return ok(new SessionLog(file, handle.createWriteStream()));
    } catch (error) {
      return err('LOG_OPEN_FAILED', `Cannot open the agent log ${file}: ${(error as Error).message}.`, { where: file });
    }
  }

  write(chunk: Uint8Array | string): void {
    if (this.closing || this.error) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    if (this.pendingBytes >= LOG_COALESCE_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), LOG_COALESCE_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const block = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.error) this.stream.write(block);
  }

  /** Flushes and closes the file; resolves with the first write error, or null. Safe to call twice. */
  close(): Promise<string | null> {
    if (!this.closing) this.flush();
    this.closing ??= new Promise((resolve) => {
      this.stream.end(() => resolve(this.error));
      this.stream.once('error', () => resolve(this.error));
    });
    return this.closing;
  }
}

/**
 * The end of a finished attempt's log, for replaying its pane: the last `maxChars` characters, decoded,
 * starting at a safe place (a cut through a multi-byte character is skipped, not shown as U+FFFD).
 */
export async function readLogTail(file: string, maxChars: number = LOG_TAIL_MAX_CHARS): Promise<Result<string, ReadLogError>> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err('LOG_NOT_FOUND', `No agent log at ${file}.`, { where: file });
    return err('LOG_READ_FAILED', `Cannot read the agent log ${file}: ${(error as Error).message}.`, { where: file });
  }
  try {
    const { size } = await handle.stat();
    // A UTF-8 character is at most 4 bytes, so this many bytes always hold maxChars characters or more.
    const length = Math.min(size, maxChars * 4);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let start = 0;
    // Skip continuation bytes (10xxxxxx) left over from a character cut by the read window.
    while (start < Math.min(3, length) && ((buffer[start] ?? 0) & 0xc0) === 0x80 && length < size) start += 1;
    return ok(trimToSafeStart(buffer.subarray(start).toString('utf8'), maxChars));
  } catch (error) {
    return err('LOG_READ_FAILED', `Cannot read the agent log ${file}: ${(error as Error).message}.`, { where: file });
  } finally {
    await handle.close();
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

/** An attempt's parsed agent events, one JSON object a line, beside its raw log (`t1.attempt-1.events.jsonl`). */
export function eventsLogPath(log: string): string {
  return `${log.replace(/\.log$/, '')}.events.jsonl`;
}

/** What an adapter's pane showed (the readable transcript), beside the raw log (`t1.attempt-1.transcript.log`). */
export function transcriptLogPath(log: string): string {
  return `${log.replace(/\.log$/, '')}.transcript.log`;
}

/**
 * The file a finished pane replays: the transcript when the agent ran through an adapter (its raw log is
 * JSON lines, kept for audit), else the raw log itself.
 */
export async function paneLogPath(log: string): Promise<string> {
  const transcript = transcriptLogPath(log);
  try {
    await access(transcript);
    return transcript;
  } catch {
    return log;
  }
}
