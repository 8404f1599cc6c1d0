import type { TerminalData, WavelaneBridge } from '../../../shared/contract/index';

/** The part of xterm's Terminal the registry writes to (a test passes a recording sink). */
export interface TerminalSink {
  write(data: string, callback?: () => void): void;
  reset(): void;
}

/** Flow control: ack at least this often in characters, so the core's ~100 KB watermark is never near. */
export const ACK_BATCH_CHARS = 5_000;
/** ...and at most this late, so a slow trickle of output is acked too. */
export const ACK_DELAY_MS = 50;

export interface TerminalRegistryPorts {
  request: WavelaneBridge['request'];
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

interface Entry {
  sink: TerminalSink;
  /** Seq of the last chunk written; null while a replay is on its way. */
  seq: number | null;
  /** Chunks that arrived during a replay, written (or dropped) once it lands. */
  pendingWrites: TerminalData[];
  /** After a failed replay the next chunk is taken whatever its seq, instead of replaying again. */
  tolerateGap: boolean;
  /** Characters handed to xterm whose write callback has not run yet. */
  unconfirmed: number;
  /** Bumped by every replay and by detach, so a late answer or callback for an older one is ignored. */
  generation: number;
  attached: boolean;
}

/**
 * Terminal output goes from `terminal.data` events straight into xterm through this registry, never
 * through the store. Each pane starts from `terminal.replay` and then writes only chunks newer than the
 * replay's seq; a gap (events lost while disconnected) replays again. Every chunk received is acked
 * exactly once (`terminal.ack`, batched): after xterm has written it, or at once when it is dropped
 * (no pane open, or older than the replay), so the core never pauses an agent nobody is watching.
 */
export function createTerminalRegistry(ports: TerminalRegistryPorts) {
  const entries = new Map<string, Entry>();
  const acks = new Map<string, number>();
  let timer: unknown = null;

  const flushAcks = () => {
    if (timer !== null) ports.clearTimer(timer);
    timer = null;
    for (const [taskId, chars] of acks) if (chars > 0) void ports.request('terminal.ack', { taskId, chars });
    acks.clear();
  };

  const ack = (taskId: string, chars: number) => {
    if (chars <= 0) return;
    const total = (acks.get(taskId) ?? 0) + chars;
    acks.set(taskId, total);
    if (total >= ACK_BATCH_CHARS) flushAcks();
    else if (timer === null) timer = ports.setTimer(flushAcks, ACK_DELAY_MS);
  };

  const write = (taskId: string, entry: Entry, chunk: TerminalData) => {
    entry.seq = chunk.seq;
    entry.tolerateGap = false;
    entry.unconfirmed += chunk.data.length;
    const generation = entry.generation;
    entry.sink.write(chunk.data, () => {
      // After a detach the unconfirmed characters were acked already.
      if (!entry.attached || entry.generation < generation) return;
      entry.unconfirmed -= chunk.data.length;
      ack(taskId, chunk.data.length);
    });
  };

  const replay = async (taskId: string): Promise<void> => {
    const entry = entries.get(taskId);
    if (!entry) return;
    const generation = ++entry.generation;
    // Writes of the previous generation will not call back into the count: settle them now.
    ack(taskId, entry.unconfirmed);
    entry.unconfirmed = 0;
    entry.seq = null;
    const outcome = await ports.request('terminal.replay', { taskId });
    if (!entry.attached || entry.generation !== generation) return;
    entry.sink.reset();
    if (outcome.ok) {
      entry.sink.write(outcome.value.data);
      entry.seq = outcome.value.seq;
    } else {
      entry.sink.write(`[${outcome.error.message}]\r\n`);
      // Nothing to replay (yet): take live output from wherever it starts.
      entry.seq = -1;
      entry.tolerateGap = true;
    }
    const waiting = entry.pendingWrites.sort((a, b) => a.seq - b.seq);
    entry.pendingWrites = [];
    for (const chunk of waiting) {
      if (chunk.seq <= entry.seq) ack(taskId, chunk.data.length);
      else write(taskId, entry, chunk);
    }
  };

  return {
    /** Connects a pane's terminal and fills it from the replay; returns the detach. */
    attach(taskId: string, sink: TerminalSink): () => void {
      detach(taskId);
      const entry: Entry = {
        sink,
        seq: null,
        pendingWrites: [],
        tolerateGap: false,
        unconfirmed: 0,
        generation: 0,
        attached: true,
      };
      entries.set(taskId, entry);
      void replay(taskId);
      return () => {
        if (entries.get(taskId) === entry) detach(taskId);
      };
    },

    /** A `terminal.data` event. */
    onData(chunk: TerminalData): void {
      const entry = entries.get(chunk.taskId);
      if (!entry) return ack(chunk.taskId, chunk.data.length);
      if (entry.seq === null) {
        entry.pendingWrites.push(chunk);
        return;
      }
      if (chunk.seq <= entry.seq) return ack(chunk.taskId, chunk.data.length);
      if (chunk.seq > entry.seq + 1 && !entry.tolerateGap) {
        // Chunks were lost (a reconnect): the replay has them all, and this one waits for it.
        entry.pendingWrites.push(chunk);
        void replay(chunk.taskId);
        return;
      }
      write(chunk.taskId, entry, chunk);
    },

    /** Fills a pane again from the core (a new attempt, or after a reconnect). */
    replay,

    /** After a reconnect: every open pane starts over from its replay. */
    async replayAll(): Promise<void> {
      await Promise.all([...entries.keys()].map((taskId) => replay(taskId)));
    },

    isAttached: (taskId: string) => entries.has(taskId),
    flushAcks,

    dispose(): void {
      for (const taskId of [...entries.keys()]) detach(taskId);
      flushAcks();
    },
  };

  function detach(taskId: string): void {
    const entry = entries.get(taskId);
    if (!entry) return;
    entries.delete(taskId);
    entry.attached = false;
    const dropped = entry.pendingWrites.reduce((sum, chunk) => sum + chunk.data.length, 0);
    ack(taskId, entry.unconfirmed + dropped);
    entry.unconfirmed = 0;
    entry.pendingWrites = [];
  }
}

export type TerminalRegistry = ReturnType<typeof createTerminalRegistry>;
