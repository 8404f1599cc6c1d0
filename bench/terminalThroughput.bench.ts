import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { spawn as spawnPty } from 'node-pty';
import { AgentSession } from '../src/main/core/agents/agentSession';
import { markdownTable, median, runHeader, writeSection } from './resultsFile';

/**
 * Terminal throughput: eight agents printing flat out at once (each `cat`s a multi-megabyte file of mixed
 * ASCII and multi-byte text into its pty). Baseline, measured in the same run: raw node-pty with every
 * chunk forwarded as it arrives (one message per read, the naive bridge). Each message is serialized as
 * the WebSocket face would (JSON), the part of the IPC cost that lands on the main thread. Compared:
 * wall time until all have exited, messages, main-thread event-loop delay (what makes a board freeze),
 * and whether every byte arrived.
 *
 * Usage: node bench/runTs.mjs bench/terminalThroughput.bench.ts [--agents N] [--mb N] [--runs N] [--no-write]
 */

const DEFAULT_AGENTS = 8;
/** Megabytes each agent prints: several seconds of flat-out output for eight agents on two cores. */
const DEFAULT_MB = 4;
/** Timed repetitions; the median is reported. */
const DEFAULT_RUNS = 3;
const LINE = 'build step 0123456789 ascii é ü 😀 日本語 done\n';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

interface Measurement {
  ms: number;
  messages: number;
  chars: number;
  complete: boolean;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type OnMessage = (taskId: string, data: string) => void;

async function measure(run: (onMessage: OnMessage) => Promise<void>, expectedChars: number): Promise<Measurement> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let messages = 0;
  let chars = 0;
  let wireBytes = 0;
  histogram.enable();
  const start = performance.now();
  await run((taskId, data) => {
    messages += 1;
    chars += data.length;
    wireBytes += JSON.stringify({ event: 'terminal.data', payload: { taskId, seq: messages, data } }).length;
  });
  if (wireBytes < chars) throw new Error('serialization lost data');
  const ms = performance.now() - start;
  histogram.disable();
  return {
    ms,
    messages,
    chars,
    complete: chars === expectedChars,
    loopDelayP99Ms: histogram.percentile(99) / 1e6,
    loopDelayMaxMs: histogram.max / 1e6,
  };
}

function rawPty(file: string, agents: number, cwd: string) {
  return (onMessage: OnMessage) =>
    Promise.all(
      Array.from(
        { length: agents },
        (_, index) =>
          new Promise<void>((resolve) => {
            const pty = spawnPty('cat', [file], { cwd, cols: 120, rows: 30 });
            pty.onData((data) => onMessage(`bench-${index}`, data));
            pty.onExit(() => resolve());
          }),
      ),
    ).then(() => undefined);
}

function sessions(file: string, agents: number, cwd: string) {
  return async (onMessage: OnMessage) => {
    const started = await Promise.all(
      Array.from({ length: agents }, (_, index) =>
        AgentSession.start({
          command: 'cat',
          args: [file],
          cwd,
          taskId: `bench-${index}`,
          runId: 'bench',
          promptFile: file,
          logPath: path.join(cwd, 'logs', `bench-${index}.log`),
        }),
      ),
    );
    await Promise.all(
      started.map((result, index) => {
        if (!result.ok) throw new Error(result.error.message);
        result.value.onDidData((batch) => onMessage(`bench-${index}`, batch.data));
        return result.value.exited;
      }),
    );
  };
}

export async function main(args: string[]): Promise<void> {
  const agents = option(args, 'agents', DEFAULT_AGENTS);
  const mb = option(args, 'mb', DEFAULT_MB);
  const runs = option(args, 'runs', DEFAULT_RUNS);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wavelane-bench-terminal-'));
  try {
    const content = LINE.repeat(Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(LINE)));
    const file = path.join(dir, 'output.txt');
    await writeFile(file, content);
    // What a terminal receives: the pty turns each \n into \r\n.
    const expectedChars = content.replace(/\n/g, '\r\n').length * agents;

    const results = { raw: [] as Measurement[], session: [] as Measurement[] };
    for (let run = 0; run < runs; run++) {
      results.raw.push(await measure(rawPty(file, agents, dir), expectedChars));
      results.session.push(await measure(sessions(file, agents, dir), expectedChars));
    }
    const summary = (list: Measurement[]) => ({
      ms: median(list.map((m) => m.ms)),
      messages: median(list.map((m) => m.messages)),
      p99: median(list.map((m) => m.loopDelayP99Ms)),
      max: median(list.map((m) => m.loopDelayMaxMs)),
      complete: `${list.filter((m) => m.complete).length}/${list.length}`,
      lostChars: median(list.map((m) => expectedChars - m.chars)),
    });
    const raw = summary(results.raw);
    const session = summary(results.session);
    const rows = [
      ['raw node-pty, chunk per message (baseline)', raw.ms.toFixed(0), raw.messages, raw.p99.toFixed(1), raw.max.toFixed(1), raw.complete, raw.lostChars],
      ['AgentSession (batched, logged, wrapper)', session.ms.toFixed(0), session.messages, session.p99.toFixed(1), session.max.toFixed(1), session.complete, session.lostChars],
    ];
    const table = markdownTable(['variant', 'wall ms', 'messages', 'loop delay p99 ms', 'loop delay max ms', 'all bytes arrived', 'chars lost (median)'], rows);
    const ratios = [
      `- Wall time ratio AgentSession / baseline: ${(session.ms / raw.ms).toFixed(2)}`,
      `- Messages ratio AgentSession / baseline: ${(session.messages / raw.messages).toFixed(3)}`,
      `- ${agents} agents x ${mb} MB each, median of ${runs} runs.`,
    ].join('\n');
    const markdown = `${runHeader('Terminal throughput', `node bench/runTs.mjs bench/terminalThroughput.bench.ts ${args.join(' ')}`.trim())}\n${table}\n\n${ratios}\n`;
    console.log(markdown);
    if (!args.includes('--no-write')) await writeSection('terminal-throughput', markdown);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
