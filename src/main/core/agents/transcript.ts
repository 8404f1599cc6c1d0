import type { AgentEvent } from './agentEvent';
import { UsageTotals, type UsageSummary } from './usageTotals';

/**
 * Renders an agent's normalized events as terminal text for its pane, so a user watching a headless
 * Claude Code (whose `-p` text mode prints nothing until it exits) sees it work as it works: the
 * assistant's words, one `● Tool target` line per tool call with its outcome under it, errors in red,
 * and the usage on the last line. Written into the same stream the pane already shows; the raw events
 * are kept apart (events.jsonl) for audit. Output uses `\r\n` because a pty stream is shown without
 * newline conversion.
 */

const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const CYAN = '\x1b[36m';

/** An unknown event is shown as one dimmed line: enough to notice it, never enough to flood the pane. */
export const UNKNOWN_EVENT_PREVIEW_CHARS = 160;
/** A tool result's summary is one line; the full output is in events.jsonl. */
export const TOOL_SUMMARY_CHARS = 200;

const lines = (text: string): string => text.replace(/\r?\n/g, '\r\n');
const oneLine = (text: string, max: number): string => {
  const first = text.replace(/\s+/g, ' ').trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
};

export function formatUsageLine(summary: UsageSummary): string {
  const { usage, costUsd } = summary;
  const parts = [`${usage.input.toLocaleString('en-US')} in`, `${usage.output.toLocaleString('en-US')} out`];
  if (usage.cacheRead) parts.push(`${usage.cacheRead.toLocaleString('en-US')} cached`);
  if (usage.reasoning) parts.push(`${usage.reasoning.toLocaleString('en-US')} reasoning`);
  parts.push(costUsd === null ? 'cost unknown' : `$${costUsd.toFixed(4)}`);
  return parts.join(' · ');
}

function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export class TranscriptRenderer {
  private readonly totals = new UsageTotals();

  /** Usage so far (what the last line will show). */
  summary(): UsageSummary {
    return this.totals.summary();
  }

  render(event: AgentEvent): string {
    this.totals.add(event);
    switch (event.kind) {
      case 'session':
        return `${DIM}session ${event.sessionId}${event.model ? ` · ${event.model}` : ''}${RESET}\r\n`;
      case 'message':
        return event.text.trim() === '' ? '' : `${lines(event.text.trimEnd())}\r\n`;
      case 'thinking':
        return event.text.trim() === '' ? '' : `${DIM}${lines(event.text.trimEnd())}${RESET}\r\n`;
      case 'toolCall':
        return `${CYAN}●${RESET} ${BOLD}${event.tool}${RESET}${event.target ? ` ${oneLine(event.target, TOOL_SUMMARY_CHARS)}` : ''}\r\n`;
      case 'toolResult': {
        // `└` (box drawing) rather than Claude Code's own `⎿`, which common monospace fonts lack (shown as a box).
        const mark = event.ok ? `${GREEN}└${RESET}` : `${RED}└${RESET}`;
        const summary = event.summary ? oneLine(event.summary, TOOL_SUMMARY_CHARS) : event.ok ? 'done' : 'failed';
        return `  ${mark} ${event.ok ? DIM : RED}${summary}${RESET}\r\n`;
      }
      case 'fileChange':
        return `  ${DIM}${event.change === 'add' ? '+' : event.change === 'delete' ? '-' : '~'} ${event.path}${RESET}\r\n`;
      case 'usage':
        return '';
      case 'rateLimit':
        return `${YELLOW}⏸ rate limited${event.resetsAt ? ` until ${formatTime(event.resetsAt)}` : ''}${event.message ? `: ${oneLine(event.message, TOOL_SUMMARY_CHARS)}` : ''}${RESET}\r\n`;
      case 'needsInput':
        return `${YELLOW}? ${event.question ?? (event.permission ? `permission: ${event.permission}` : 'waiting for you')}${RESET}\r\n`;
      case 'error':
        return `${RED}✗ ${lines(event.message)}${RESET}\r\n`;
      case 'done': {
        const status = event.ok ? `${GREEN}✓ done${RESET}` : `${RED}✗ failed${RESET}`;
        const denied = event.permissionDenials?.length ? ` · ${event.permissionDenials.length} permission(s) denied` : '';
        return `${status} ${DIM}${formatUsageLine(this.totals.summary())}${event.numTurns ? ` · ${event.numTurns} turns` : ''}${denied}${RESET}\r\n`;
      }
      case 'unknown': {
        const raw = event.raw as { type?: unknown } | null;
        const label = raw && typeof raw === 'object' && typeof raw.type === 'string' ? raw.type : 'event';
        return `${DIM}· ${label} ${oneLine(JSON.stringify(event.raw) ?? '', UNKNOWN_EVENT_PREVIEW_CHARS)}${RESET}\r\n`;
      }
      case 'text':
        return `${lines(event.text)}\r\n`;
    }
  }
}
