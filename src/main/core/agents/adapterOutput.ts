import { ok, type Result } from '../../../shared/result';
import { eventsLogPath, SessionLog, transcriptLogPath, type SessionLogError } from '../storage/sessionLog';
import type { AgentAdapter, AgentEvent } from './agentEvent';
import { AdapterStream } from './adapterStream';
import type { UsageSummary } from './usageTotals';

/**
 * An agent session's output when its CLI has an adapter: the pty's bytes become the transcript the pane
 * shows (also written to `<attempt>.transcript.log`, which a finished pane replays), and every parsed
 * event is appended to `<attempt>.events.jsonl` for audit and accounting. Both files are written through
 * SessionLog (coalesced, asynchronous), never synchronously on the pty path; the raw log is the
 * session's own and stays untouched.
 */
export class AdapterOutput {
  private readonly stream: AdapterStream;
  /** Who hears each parsed event besides events.jsonl (the run's budgets and rate limits); set by the session. */
  onEvent: ((event: AgentEvent) => void) | null = null;

  private constructor(
    adapter: AgentAdapter,
    private readonly events: SessionLog,
    private readonly transcript: SessionLog,
  ) {
    this.stream = new AdapterStream(adapter, (event) => {
      this.events.write(`${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
      this.onEvent?.(event);
    });
  }

  static async open(adapter: AgentAdapter, log: string): Promise<Result<AdapterOutput, SessionLogError>> {
    const events = await SessionLog.open(eventsLogPath(log));
    if (!events.ok) return events;
    const transcript = await SessionLog.open(transcriptLogPath(log));
    if (!transcript.ok) {
      await events.value.close();
      return transcript;
    }
    return ok(new AdapterOutput(adapter, events.value, transcript.value));
  }

  /** Raw pty bytes in; the transcript text they complete out (often empty while a line is partial). */
  push(chunk: Buffer): string {
    return this.keep(this.stream.push(chunk));
  }

  /** The stream ended: a last partial line is parsed too. */
  end(): string {
    return this.keep(this.stream.end());
  }

  summary(): UsageSummary {
    return this.stream.summary();
  }

  /** The CLI's session id, once it said it. */
  get sessionId(): string | undefined {
    return this.stream.sessionId;
  }

  /** Closes both files; the first write error, or null. */
  async close(): Promise<string | null> {
    const [events, transcript] = await Promise.all([this.events.close(), this.transcript.close()]);
    return events ?? transcript;
  }

  private keep(text: string): string {
    if (text !== '') this.transcript.write(text);
    return text;
  }
}
