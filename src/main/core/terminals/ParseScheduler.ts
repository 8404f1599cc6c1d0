/**
 * Pieces handed to the parsers at once, over every task's headless terminal. xterm parses each write in
 * a macrotask of its own (a timer), so this bounds how long one turn of the event loop can be held by
 * parsing: a few small pieces, never eight terminals' 12 ms slices back to back.
 */
export const PARSE_SLOTS = 4;
/** Characters per piece: ~0.5 ms of xterm parsing on one core, small enough that slots x piece stays short. */
export const PARSE_PIECE_CHARS = 8 * 1024;

/** What the scheduler feeds: an xterm's `write`, whose callback runs once that data is parsed. */
export interface ParseTarget {
  write(data: string, parsed: () => void): void;
}

interface Item {
  data: string;
  /** Run inside the parser's callback, before anything queued later is handed to the parser. */
  parsed: Array<() => void>;
  /** A barrier (a snapshot) waits on this item: later output must not join it. */
  sealed: boolean;
}

interface Queue {
  target: ParseTarget;
  items: Item[];
  busy: boolean;
  /** When it was last handed a piece (a counter): the one waiting longest goes next. */
  servedAt: number;
}

/**
 * Feeds every headless terminal's output to its parser in small pieces, round robin over the
 * terminals, with at most PARSE_SLOTS pieces in the parsers at a time. The next piece is handed over on a
 * later turn of the event loop (setImmediate), not from the parser's callback, where xterm would parse it
 * in the same turn. So parsing, however much output is waiting, takes the event loop a little at a time
 * and the core's other work (IPC, timers, git results) runs in between.
 */
export class ParseScheduler {
  private readonly queues = new Map<ParseTarget, Queue>();
  private inFlight = 0;
  private pumpScheduled = false;
  private turns = 0;

  constructor(
    private readonly slots: number = PARSE_SLOTS,
    private readonly pieceChars: number = PARSE_PIECE_CHARS,
  ) {}

  /**
   * Queues `data` for `target` (in pieces); `parsed` runs once all of it is parsed. An empty `data` is a
   * barrier: `parsed` runs inside the parser's callback for what was queued before it, before anything
   * queued after it is parsed (how a snapshot holds exactly the output written before it).
   */
  write(target: ParseTarget, data: string, parsed?: () => void): void {
    const queue = this.queueOf(target);
    const waiting = queue.items.at(-1);
    if (data === '') {
      // A barrier: runs right after what is queued now, before anything queued later.
      if (waiting) waiting.parsed.push(parsed ?? (() => undefined));
      else queue.items.push({ data: '', parsed: parsed ? [parsed] : [], sealed: true });
      if (waiting) waiting.sealed = true;
    } else if (waiting && !waiting.sealed && waiting.data.length + data.length <= this.pieceChars) {
      // Small writes (a trickle of short batches) share a piece: one parser turn instead of many.
      waiting.data += data;
      if (parsed) waiting.parsed.push(parsed);
    } else {
      let start = 0;
      while (start < data.length) {
        let end = Math.min(data.length, start + this.pieceChars);
        // Never split a surrogate pair: the parser would see two halves of an emoji as two broken characters.
        if (end < data.length && isHighSurrogate(data.charCodeAt(end - 1))) end -= 1;
        queue.items.push({ data: data.slice(start, end), parsed: [], sealed: false });
        start = end;
      }
      if (parsed) queue.items.at(-1)?.parsed.push(parsed);
    }
    this.pump();
  }

  /** The target is gone: its queue is dropped, and a piece it was parsing no longer holds a slot. */
  forget(target: ParseTarget): void {
    const queue = this.queues.get(target);
    if (!queue) return;
    this.queues.delete(target);
    if (queue.busy) this.inFlight -= 1;
    queue.busy = false;
    this.pump();
  }

  private queueOf(target: ParseTarget): Queue {
    let queue = this.queues.get(target);
    if (!queue) {
      queue = { target, items: [], busy: false, servedAt: 0 };
      this.queues.set(target, queue);
    }
    return queue;
  }

  private pump(): void {
    while (this.inFlight < this.slots) {
      const queue = this.nextReady();
      if (!queue) return;
      const item = queue.items.shift() as Item;
      queue.busy = true;
      queue.servedAt = ++this.turns;
      this.inFlight += 1;
      queue.target.write(item.data, () => {
        if (this.queues.get(queue.target) !== queue || !queue.busy) return;
        queue.busy = false;
        this.inFlight -= 1;
        for (const callback of item.parsed) callback();
        this.schedulePump();
      });
    }
  }

  /** Round robin: of the terminals with output waiting, the one served longest ago. */
  private nextReady(): Queue | null {
    let next: Queue | null = null;
    for (const queue of this.queues.values()) {
      if (!queue.busy && queue.items.length > 0 && (!next || queue.servedAt < next.servedAt)) next = queue;
    }
    return next;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
