import { StringDecoder } from 'node:string_decoder';
import type { AgentAdapter, AgentEvent } from './agentEvent';
import { LineSplitter } from './lineSplitter';
import { TranscriptRenderer } from './transcript';
import type { UsageSummary } from './usageTotals';

/**
 * Sits between an agent's pty and its pane when the agent runs a CLI with structured output: raw bytes
 * in, readable transcript text out (what the pane shows), every parsed event handed to `onEvent` (kept
 * per attempt for audit, cost, budgets and rate limits). What the CLI prints that is not an event (a
 * warning, a stack trace) still reaches the pane, as text. The raw bytes themselves go to the attempt's
 * log untouched, so nothing the CLI said is lost to a parsing mistake.
 */
export class AdapterStream {
  private readonly decoder = new StringDecoder('utf8');
  private readonly splitter = new LineSplitter();
  private readonly renderer = new TranscriptRenderer();
  private lastSessionId: string | undefined;

  constructor(
    private readonly adapter: AgentAdapter,
    private readonly onEvent: (event: AgentEvent) => void = () => {},
  ) {}

  /** Raw pty bytes; returns the transcript text they complete (often empty: a line is still partial). */
  push(chunk: Buffer | string): string {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    return this.render(this.splitter.push(text));
  }

  /** The stream ended: a last line without its newline is parsed (or shown as text) too. */
  end(): string {
    return this.render(this.splitter.push(this.decoder.end()).concat(this.splitter.flush()));
  }

  /** Tokens and cost so far. */
  summary(): UsageSummary {
    return this.renderer.summary();
  }

  /** The CLI's session id, once it said it: a follow-up resumes this conversation. */
  get sessionId(): string | undefined {
    return this.lastSessionId;
  }

  private render(lines: string[]): string {
    let out = '';
    for (const line of lines) {
      for (const event of this.adapter.parseLine(line)) {
        if (event.kind === 'session') this.lastSessionId = event.sessionId;
        this.onEvent(event);
        out += this.renderer.render(event);
      }
    }
    return out;
  }
}
