import { z } from 'zod';
import { event, request } from './define';
import { idSchema } from '../plan/planSchema';

/** A task id, by the plan's one id rule. */
const taskId = idSchema;

export interface TerminalReplay {
  taskId: string;
  /** Everything the current (or last) attempt printed so far, to write into a fresh xterm. */
  data: string;
  /** Sequence number of the last chunk included; live chunks continue from seq + 1. */
  seq: number;
  live: boolean;
}

export interface TerminalData {
  taskId: string;
  seq: number;
  data: string;
}

export const terminalRequests = {
  /** The replay buffer (or the finished attempt's log) of a task's terminal. */
  'terminal.replay': request<TerminalReplay>()(z.object({ taskId }).strict(), ['NOT_FOUND'] as const),
  /** Keystrokes typed into a pane, sent to the agent's pty. */
  'terminal.write': request<null>()(z.object({ taskId, data: z.string().max(64 * 1024) }).strict(), ['NOT_FOUND', 'NOT_RUNNING'] as const),
  'terminal.resize': request<null>()(
    z.object({ taskId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(1000) }).strict(),
    ['NOT_FOUND', 'NOT_RUNNING'] as const,
  ),
  /** Flow control: the renderer has written this many characters into the pane. */
  'terminal.ack': request<null>()(z.object({ taskId, chars: z.number().int().min(0).max(1e9) }).strict()),
};

export const terminalEvents = {
  'terminal.data': event<TerminalData>(),
};
