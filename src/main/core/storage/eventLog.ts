import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type ContractError, type Result } from '../../../shared/result';

/**
 * A run's audit trail: one JSON object per line in `events.jsonl`, appended and never rewritten. Every transition
 * is an event `{ at, type, task?, attempt?, ...fields }` (which task, which attempt, commits, merge commit, times).
 *
 * Each line goes out in one `write` on a descriptor opened with O_APPEND, so lines never interleave and a kill -9
 * can only cut the LAST line short. The reader ignores (and reports) such a torn line; the next writer to open
 * the log ends it with a newline and records a `log.tornLine` event naming it, so even the repair is appended.
 */
export interface RunEvent {
  /** ISO 8601 UTC time of the transition. */
  at: string;
  /** What happened, e.g. `task.status`, `attempt.started`, `task.merged`, `run.finished`. */
  type: string;
  task?: string;
  attempt?: number;
  [field: string]: unknown;
}

/** An event to append: `at` defaults to the log's clock. */
export interface NewRunEvent {
  at?: string;
  type: string;
  task?: string;
  attempt?: number;
  [field: string]: unknown;
}

/**
 * `fsync`: every line is flushed to the disk before `append` resolves. Transitions are rare (a handful per task
 * attempt, each attempt minutes long) and a flush costs milliseconds, while the state file next to the log is
 * fsynced on every write too: without the flush a power cut could leave a state that says `merged` and a log
 * that never saw the merge. `os` leaves flushing to the OS (still safe against kill -9, not against power loss),
 * for callers that log at high rates and accept that.
 */
export type Durability = 'fsync' | 'os';
export const DEFAULT_DURABILITY: Durability = 'fsync';

/** The event type the writer appends when it found the previous writer's last line cut short. */
export const TORN_LINE_EVENT = 'log.tornLine';

export interface EventLogOptions {
  durability?: Durability;
  now?: () => Date;
}

export type EventLogError = 'EVENT_LOG_UNWRITABLE' | 'EVENT_LOG_CLOSED';

export class EventLog {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly durability: Durability,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating it and its folder if needed) a log for appending; repairs a torn last line first. */
  static async open(file: string, options: EventLogOptions = {}): Promise<Result<EventLog, 'EVENT_LOG_UNWRITABLE'>> {
    let handle: FileHandle | undefined;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      handle = await open(file, 'a', 0o644);
      const log = new EventLog(file, handle, options.durability ?? DEFAULT_DURABILITY, options.now ?? (() => new Date()));
      await log.repairTornTail();
      return ok(log);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      return err('EVENT_LOG_UNWRITABLE', `Cannot open the event log ${file} for appending: ${(error as Error).message}`, {
        where: file,
      });
    }
  }

  /**
   * Appends one event; `at` defaults to now. Appends are written in call order. Resolves with the event as
   * written once it is on disk (see Durability).
   */
  append(event: NewRunEvent): Promise<Result<RunEvent, EventLogError>> {
    const written: RunEvent = { ...event, at: event.at ?? this.now().toISOString() };
    // Serialized now, so a caller mutating its object after the call cannot change what is logged.
    const line = Buffer.from(JSON.stringify(written) + '\n', 'utf8');
    const result = this.queue.then(async (): Promise<Result<RunEvent, EventLogError>> => {
      if (this.closed) return err('EVENT_LOG_CLOSED', `The event log ${this.file} is closed`, { where: this.file });
      try {
        await this.writeLine(line);
        return ok(written);
      } catch (error) {
        return err('EVENT_LOG_UNWRITABLE', `Cannot append to the event log ${this.file}: ${(error as Error).message}`, {
          where: this.file,
        });
      }
    });
    this.queue = result;
    return result;
  }

  /** Waits for pending appends, then releases the file. */
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async writeLine(line: Buffer): Promise<void> {
    let offset = 0;
    // One write in practice; a short write (a full disk, a signal) continues where it stopped.
    while (offset < line.length) {
      const { bytesWritten } = await this.handle.write(line, offset, line.length - offset);
      if (bytesWritten === 0) throw new Error('the disk accepted no bytes');
      offset += bytesWritten;
    }
    if (this.durability === 'fsync') await this.handle.datasync();
  }

  private async repairTornTail(): Promise<void> {
    if (await endsWithNewlineOrEmpty(this.file)) return;
    const content = await readFile(this.file);
    const start = content.lastIndexOf(NEWLINE) + 1;
    const tail = content.subarray(start).toString('utf8');
    const line = countLines(content.subarray(0, start)) + 1;
    // A tail that parses is a whole event that only lacked its newline; anything else is a torn line, ended and
    // marked in ONE write, so a crash during the repair cannot leave a bad line without its mark.
    const repair: RunEvent = { at: this.now().toISOString(), type: TORN_LINE_EVENT, line, bytes: content.length - start };
    await this.writeLine(Buffer.from(parseEvent(tail) ? '\n' : '\n' + JSON.stringify(repair) + '\n', 'utf8'));
  }
}

const NEWLINE = 0x0a;

/** Reads one byte, so opening a long healthy log does not read all of it. */
async function endsWithNewlineOrEmpty(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === NEWLINE;
  } finally {
    await handle.close();
  }
}

function countLines(buffer: Buffer): number {
  let count = 0;
  for (let index = buffer.indexOf(NEWLINE); index !== -1; index = buffer.indexOf(NEWLINE, index + 1)) count++;
  return count;
}

export interface TornLine {
  /** 1-based line number in the file. */
  line: number;
  bytes: number;
}

export interface EventLogContents {
  events: RunEvent[];
  /** Lines cut short by a kill -9 (the last line, or one a later writer marked with `log.tornLine`): ignored. */
  torn: TornLine[];
}

export type ReadEventLogError = 'EVENT_LOG_UNREADABLE' | 'EVENT_LOG_CORRUPT';

/**
 * Reads a whole log. A missing file is an empty log. A torn last line is ignored and reported; any other line
 * that is not an event is an error naming `file:line` (the log is never silently truncated or rewritten).
 */
export async function readEventLog(file: string): Promise<Result<EventLogContents, ReadEventLogError>> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ events: [], torn: [] });
    return err('EVENT_LOG_UNREADABLE', `Cannot read the event log ${file}: ${(error as Error).message}`, { where: file });
  }
  const lines: Buffer[] = [];
  let start = 0;
  for (let index = content.indexOf(NEWLINE); index !== -1; index = content.indexOf(NEWLINE, start)) {
    lines.push(content.subarray(start, index));
    start = index + 1;
  }
  const unterminated = start < content.length ? content.subarray(start) : null;

  const events: RunEvent[] = [];
  const torn: TornLine[] = [];
  let suspect: TornLine | null = null;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as Buffer;
    const lineNumber = index + 1;
    if (raw.length === 0) continue;
    const event = parseEvent(raw.toString('utf8'));
    if (suspect) {
      // A bad line is forgiven only when the next writer marked it as the torn tail it found.
      if (event?.type === TORN_LINE_EVENT && event.line === suspect.line) {
        torn.push(suspect);
        suspect = null;
      } else {
        return corrupt(file, suspect.line);
      }
    }
    if (event) events.push(event);
    else suspect = { line: lineNumber, bytes: raw.length };
  }
  if (suspect) {
    // The bad line ends the file with its newline: not something a cut-short append produces.
    return corrupt(file, suspect.line);
  }
  if (unterminated) {
    const event = parseEvent(unterminated.toString('utf8'));
    if (event) events.push(event);
    else torn.push({ line: lines.length + 1, bytes: unterminated.length });
  }
  return ok({ events, torn });
}

function corrupt(file: string, line: number): { ok: false; error: ContractError<'EVENT_LOG_CORRUPT'> } {
  return err('EVENT_LOG_CORRUPT', `${file}:${line} is not a Wavelane event (the log was edited or damaged)`, {
    where: `${file}:${line}`,
  });
}

function parseEvent(text: string): RunEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const event = value as Record<string, unknown>;
  if (typeof event.at !== 'string' || Number.isNaN(Date.parse(event.at))) return null;
  if (typeof event.type !== 'string' || event.type.length === 0) return null;
  if ('task' in event && typeof event.task !== 'string') return null;
  if ('attempt' in event && !Number.isInteger(event.attempt)) return null;
  return event as RunEvent;
}
