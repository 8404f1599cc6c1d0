import { StringDecoder } from 'node:string_decoder';

/** One frame at 60 Hz: the pane cannot paint faster, and every message costs an IPC hop and a render. */
export const BATCH_INTERVAL_MS = 16;
/** Hyper's cap: under flat-out output a batch goes early rather than grow into a multi-megabyte message. */
export const BATCH_MAX_BYTES = 200 * 1024;

/** The timer the batcher uses; a fake one makes the batching rules testable without real time. */
export interface BatchTimer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimer: BatchTimer = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface OutputBatcherOptions {
  intervalMs?: number;
  maxBytes?: number;
  timer?: BatchTimer;
}

/**
 * Turns a stream of raw pty chunks into few, complete UTF-8 strings. A batch goes out
 * `intervalMs` after the first chunk that follows the previous batch (so at most one time-driven batch
 * per interval), or at once when `maxBytes` raw bytes are pending. Bytes are decoded with a
 * StringDecoder that carries an incomplete multi-byte sequence over to the next chunk, so a character
 * split across pty reads (`é` is 2 bytes, `😀` is 4) is never emitted as two replacement characters.
 */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  private readonly timer: BatchTimer;
  private pending: string[] = [];
  private pendingBytes = 0;
  private handle: unknown = undefined;
  private disposed = false;

  constructor(
    private readonly onFlush: (data: string) => void,
    options: OutputBatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? BATCH_INTERVAL_MS;
    this.maxBytes = options.maxBytes ?? BATCH_MAX_BYTES;
    this.timer = options.timer ?? realTimer;
  }

  /** Raw bytes received since the last batch went out. */
  get pendingByteCount(): number {
    return this.pendingBytes;
  }

  push(chunk: Uint8Array | string): void {
    if (this.disposed) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.pendingBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (text !== '') this.pending.push(text);
    if (this.pendingBytes >= this.maxBytes) {
      this.flush();
    } else if (this.handle === undefined) {
      this.handle = this.timer.setTimeout(() => {
        this.handle = undefined;
        this.flush();
      }, this.intervalMs);
    }
  }

  /** Sends what is pending now (an incomplete trailing character stays in the decoder). */
  flush(): void {
    if (this.handle !== undefined) {
      this.timer.clearTimeout(this.handle);
      this.handle = undefined;
    }
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    // At most 3 bytes of an incomplete character stay in the decoder; not worth counting against the cap.
    this.pendingBytes = 0;
    this.onFlush(data);
  }

  /** End of stream: an incomplete trailing sequence becomes U+FFFD (the bytes are in the log as they were). */
  end(): void {
    if (this.disposed) return;
    const rest = this.decoder.end();
    if (rest !== '') this.pending.push(rest);
    this.flush();
  }

  dispose(): void {
    if (this.handle !== undefined) this.timer.clearTimeout(this.handle);
    this.handle = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    this.disposed = true;
  }
}
