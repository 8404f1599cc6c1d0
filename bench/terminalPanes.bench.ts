import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { CHROMIUM_ARGS, findChromium } from '../scripts/findChromium.mjs';
import type { RunSnapshot } from '../src/shared/board/board';
import type { Result } from '../src/shared/result';
import { isFinal, isSuccess } from '../src/shared/run/taskStatus';
import { createTempRepo } from '../src/main/core/testing/tempRepo';
import { markdownTable, median, RESULTS_FILE, runHeader, writeSection } from './resultsFile';

/**
 * Terminal panes in a real page: eight `shell` agents each print 2 MB of base64 text flat out, with the
 * board open in Chromium against the real `wavelane serve` (built renderer, real core, real ptys). The
 * page is instrumented without changing the app (an init script): chars of terminal output the page
 * took in (every `terminal.data` chunk is acked exactly once by the terminal registry, so the outgoing
 * `terminal.ack` frames count them; those acked while the task's pane was open went through xterm),
 * replays written into panes, the longest main-thread long task, and the longest gap between animation
 * frames. Baseline, measured in the same run: the same agents with no page open (no viewer, so no flow
 * control), which shows what the UI costs. A control WebSocket from this process drives the board through
 * the contract and times the run in both variants.
 *
 * Usage: node bench/runTs.mjs bench/terminalPanes.bench.ts [--agents N] [--mb N] [--runs N] [--no-write]
 * Needs `npx electron-vite build` first and a Chromium (scripts/findChromium.mjs).
 */

const DEFAULT_AGENTS = 8;
/** Megabytes of base64 text each agent prints: what the board issue asks for. */
const DEFAULT_MB = 2;
/** Timed repetitions of each variant; medians are reported. */
const DEFAULT_RUNS = 3;
/** base64 line width: 96 random bytes per line encode to exactly this many characters. */
const LINE_CHARS = 128;
/** Through a pty each `\n` arrives as `\r\n`. */
const PTY_LINE_CHARS = LINE_CHARS + 2;
/** A laptop-sized window: xterm's rendering cost grows with the pane area. */
const VIEWPORT = { width: 1440, height: 900 };
/** A whole run should take seconds; this only turns a hang into a clear failure. */
const RUN_TIMEOUT_MS = 180_000;
/** After the last task is done the page may still be writing queued output into xterm. */
const PAGE_DRAIN_TIMEOUT_MS = 30_000;
/** How often the bench checks for the run end and the page drain; the run end itself is timed by its event. */
const POLL_MS = 50;
/** The warm-up run takes the screenshot once about this share of the output has arrived. */
const SCREENSHOT_AT = 0.4;
const SCREENSHOT_FILE = '/tmp/terminal-panes.png';
/** rAF gaps above this are counted: 50 ms is where the Long Tasks API starts calling work "long". */
const RAF_GAP_REPORT_MS = 50;

const ROOT = path.resolve(path.dirname(RESULTS_FILE), '..');
const PROBE = '__terminalPanesProbe';
/** The host's data folder (worktrees); beside runTs.mjs's bundles, removed after each run. */
const DATA_PARENT = path.join(ROOT, 'node_modules', '.cache', 'wavelane-bench-data');

/**
 * Installed before the app's scripts. It subclasses WebSocket (the app's bridge creates `new WebSocket`
 * and sets `onmessage`; a listener added in the constructor runs first and only checks a prefix, so the
 * page does no extra JSON parsing of output), and reads the small outgoing ack and replay frames.
 */
const PROBE_SCRIPT = `(() => {
  const DATA_PREFIX = '{"type":"event","name":"terminal.data"';
  const RESPONSE_ID = /^\\{"type":"response","id":(\\d+)/;
  const fresh = () => ({ dataFrames: 0, firstData: null, lastData: null, acked: {}, ackedInPane: {}, lastAck: null,
    replays: 0, replayChars: 0, longTasks: 0, longTaskMax: 0, longTaskTotal: 0, frames: 0, rafMax: 0, rafOver: 0, maxPanes: 0 });
  let state = fresh();
  let lastFrame = null;
  const replayIds = new Set();
  const paneOpen = (taskId) => document.querySelector('section[aria-label="Terminal: ' + taskId + '"]') !== null;
  const Native = window.WebSocket;
  class CountingWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        const text = event.data;
        if (typeof text !== 'string') return;
        if (text.startsWith(DATA_PREFIX)) {
          const now = performance.now();
          state.dataFrames += 1;
          if (state.firstData === null) state.firstData = now;
          state.lastData = now;
          return;
        }
        const id = RESPONSE_ID.exec(text);
        if (id && replayIds.delete(Number(id[1]))) {
          const outcome = JSON.parse(text).outcome;
          if (outcome.ok) { state.replays += 1; state.replayChars += outcome.value.data.length; }
        }
      });
    }
    send(data) {
      if (typeof data === 'string' && (data.includes('"terminal.ack"') || data.includes('"terminal.replay"'))) {
        const frame = JSON.parse(data);
        if (frame.name === 'terminal.replay') replayIds.add(frame.id);
        if (frame.name === 'terminal.ack') {
          const { taskId, chars } = frame.input;
          state.acked[taskId] = (state.acked[taskId] || 0) + chars;
          if (paneOpen(taskId)) state.ackedInPane[taskId] = (state.ackedInPane[taskId] || 0) + chars;
          state.lastAck = performance.now();
        }
      }
      return super.send(data);
    }
  }
  window.WebSocket = CountingWebSocket;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTasks += 1;
      state.longTaskTotal += entry.duration;
      state.longTaskMax = Math.max(state.longTaskMax, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: false });
  const frame = (now) => {
    if (lastFrame !== null) {
      const gap = now - lastFrame;
      state.frames += 1;
      state.rafMax = Math.max(state.rafMax, gap);
      if (gap > ${RAF_GAP_REPORT_MS}) state.rafOver += 1;
    }
    lastFrame = now;
    state.maxPanes = Math.max(state.maxPanes, document.querySelectorAll('section[aria-label^="Terminal: "]').length);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.${PROBE} = {
    reset() { state = fresh(); lastFrame = null; },
    report() { return JSON.stringify(state); },
  };
})();`;

interface ProbeState {
  dataFrames: number;
  firstData: number | null;
  lastData: number | null;
  acked: Record<string, number>;
  ackedInPane: Record<string, number>;
  lastAck: number | null;
  replays: number;
  replayChars: number;
  longTasks: number;
  longTaskMax: number;
  longTaskTotal: number;
  frames: number;
  rafMax: number;
  rafOver: number;
  maxPanes: number;
}

interface PageMeasurement {
  /** Chars the page took in and acked, and the ms from its first output frame to its last ack. */
  chars: number;
  windowMs: number;
  /** Chars acked while the task's pane was open, plus replays written into panes. */
  paneChars: number;
  replays: number;
  maxPanes: number;
  longTasks: number;
  longTaskMaxMs: number;
  rafMaxMs: number;
  rafOver: number;
  frames: number;
}

interface RunMeasurement {
  /** run.start sent until every task is final. */
  wallMs: number;
  /** First to last `terminal.data` frame at the control socket, and the chars they carried. */
  outputMs: number;
  chars: number;
  succeeded: number;
  logsComplete: number;
  page: PageMeasurement | null;
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await sleep(POLL_MS);
  }
}

interface Host {
  port: number;
  token: string;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The built `wavelane serve`, as a user starts it, with its data (worktrees) in a temp folder. */
function startHost(repo: string, dataDir: string): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'wavelane.js'), 'serve', '--repo', repo, '--port', '0'], {
    cwd: repo,
    env: { ...process.env, WAVELANE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
      if (!match) return;
      resolve({
        port: Number(match[1]),
        token: match[2] as string,
        url: match[0],
        output: () => out,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`wavelane serve exited with ${code}:\n${out}`)));
  });
}

/** This process's own client of the contract: requests, the latest run snapshot, and output counts. */
async function connectControl(host: Host, agents: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (outcome: Result<unknown>) => void>();
  const stats = { chars: 0, first: 0, last: 0, run: null as RunSnapshot | null, allFinalAt: null as number | null };
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as
      | { type: 'response'; id: number; outcome: Result<unknown> }
      | { type: 'event'; name: string; payload: unknown };
    if (frame.type === 'response') {
      pending.get(frame.id)?.(frame.outcome);
      pending.delete(frame.id);
    } else if (frame.name === 'terminal.data') {
      const now = performance.now();
      if (stats.chars === 0) stats.first = now;
      stats.last = now;
      stats.chars += (frame.payload as { data: string }).data.length;
    } else if (frame.name === 'run.changed') {
      const run = frame.payload as RunSnapshot;
      stats.run = run;
      // Timed here, as the event arrives, not at the next poll.
      if (stats.allFinalAt === null && run.tasks.length === agents && run.tasks.every((task) => isFinal(task.status))) {
        stats.allFinalAt = performance.now();
      }
    }
  });
  socket.on('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'DISCONNECTED', message: `the host closed the socket\n${host.output()}` } });
    pending.clear();
  });
  const request = async <T>(name: string, input: unknown): Promise<T> => {
    const id = nextId++;
    const outcome = await new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'request', id, name, input }));
    });
    if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.value as T;
  };
  return { request, stats, close: () => socket.close() };
}

function floodPlan(agents: number, lines: number): string {
  const tasks = Array.from({ length: agents }, (_, index) => ({
    id: `flood-${index + 1}`,
    title: `flood-${index + 1}`,
    // 96 random bytes per line encode to LINE_CHARS characters of base64, so every line is full.
    prompt: `head -c ${lines * 96} /dev/urandom | base64 -w ${LINE_CHARS}\n`,
    timeoutSec: 600,
  }));
  return JSON.stringify({ version: 1, agent: 'shell', tasks });
}

/** A log holds the attempt's raw pty output: exactly `lines` full base64 lines ending in \r\n. */
async function logComplete(file: string | null, lines: number): Promise<boolean> {
  if (!file) return false;
  const text = await readFile(file, 'latin1');
  return text.length === lines * PTY_LINE_CHARS && new RegExp(`^(?:[A-Za-z0-9+/]{${LINE_CHARS}}\\r\\n)+$`).test(text);
}

async function readProbe(page: Page): Promise<ProbeState> {
  return JSON.parse(await page.evaluate<string>(`window.${PROBE}.report()`)) as ProbeState;
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

async function measureRun(agents: number, lines: number, browser: Browser | null, screenshot: boolean): Promise<RunMeasurement> {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  try {
    const repo = await createTempRepo({ branch: 'main' });
    cleanups.push(() => repo.cleanup());
    // Not in os.tmpdir(): the core refuses to put worktrees where the system may clean them.
    const dataDir = await mkdtemp(path.join(DATA_PARENT, 'data-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const host = await startHost(repo.dir, dataDir);
    cleanups.push(() => host.stop());
    const hostLog = () => `host output:\n${host.output()}`;
    const control = await connectControl(host, agents);
    cleanups.push(() => control.close());

    await control.request('board.import', { text: floodPlan(agents, lines), fileName: 'flood.json' });
    for (let index = 0; index < agents; index++) {
      await control.request('board.moveTask', { id: `flood-${index + 1}`, to: 'runParallel', index });
    }
    // The guard would hold agents back on a busy 2-core machine: this measures terminals, not the guard.
    await control.request('board.setSettings', { maxParallel: agents, resourceGuard: false });

    let page: Page | null = null;
    if (browser) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      cleanups.push(() => context.close());
      page = await context.newPage();
      await page.addInitScript({ content: PROBE_SCRIPT });
      await page.goto(host.url);
      // The board is loaded and its socket open: panes will attach as soon as agents start.
      await page.getByRole('region', { name: 'Run parallel' }).getByText(`flood-${agents}`).first().waitFor();
      await page.evaluate(`window.${PROBE}.reset()`);
    }
    const expected = agents * lines * PTY_LINE_CHARS;
    const start = performance.now();
    await control.request('run.start', {});
    let shot = !screenshot;
    await until(
      'every task to finish',
      async () => {
        if (!shot && page && control.stats.chars >= expected * SCREENSHOT_AT) {
          shot = true;
          await page.screenshot({ path: SCREENSHOT_FILE });
        }
        return control.stats.allFinalAt !== null;
      },
      RUN_TIMEOUT_MS,
      hostLog,
    );
    const wallMs = (control.stats.allFinalAt as number) - start;
    const run = control.stats.run as RunSnapshot;

    let measured: PageMeasurement | null = null;
    if (page) {
      const shown = page;
      const target = control.stats.chars;
      const drained = await until('the page to ack all output', async () => sum((await readProbe(shown)).acked) >= target, PAGE_DRAIN_TIMEOUT_MS, hostLog).then(
        () => true,
        () => false,
      );
      const probe = await readProbe(shown);
      if (!drained) console.warn(`page acked ${sum(probe.acked)} of ${target} chars within ${PAGE_DRAIN_TIMEOUT_MS} ms`);
      measured = {
        chars: sum(probe.acked),
        windowMs: (probe.lastAck ?? 0) - (probe.firstData ?? 0),
        paneChars: sum(probe.ackedInPane) + probe.replayChars,
        replays: probe.replays,
        maxPanes: probe.maxPanes,
        longTasks: probe.longTasks,
        longTaskMaxMs: probe.longTaskMax,
        rafMaxMs: probe.rafMax,
        rafOver: probe.rafOver,
        frames: probe.frames,
      };
    }
    let logsComplete = 0;
    for (const task of run.tasks) if (await logComplete(task.log, lines)) logsComplete++;
    return {
      wallMs,
      outputMs: control.stats.last - control.stats.first,
      chars: control.stats.chars,
      succeeded: run.tasks.filter((task) => isSuccess(task.status)).length,
      logsComplete,
      page: measured,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);
const mbps = (chars: number, ms: number) => (ms > 0 ? chars / 1e6 / (ms / 1000) : 0);

export async function main(args: string[]): Promise<void> {
  const agents = Math.round(option(args, 'agents', DEFAULT_AGENTS));
  const mb = option(args, 'mb', DEFAULT_MB);
  const runs = Math.round(option(args, 'runs', DEFAULT_RUNS));
  const lines = Math.max(1, Math.round((mb * 1024 * 1024) / LINE_CHARS));
  if (!existsSync(path.join(ROOT, 'out', 'main', 'cli.js')) || !existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('the app is not built: run `npx electron-vite build` first');
  }
  const executablePath = await findChromium();
  if (!executablePath) {
    console.log('terminal-panes: skipped, no Chromium found (set WAVELANE_CHROMIUM or install chromium)');
    return;
  }
  await mkdir(DATA_PARENT, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const withPage: RunMeasurement[] = [];
  const withoutPage: RunMeasurement[] = [];
  try {
    // Warm-up (not reported): first page load, JIT, disk caches; it also takes the screenshot, whose
    // capture would otherwise show up as a stall in a measured run.
    await measureRun(agents, lines, browser, true);
    for (let run = 0; run < runs; run++) {
      withPage.push(await measureRun(agents, lines, browser, false));
      withoutPage.push(await measureRun(agents, lines, null, false));
      console.log(`run ${run + 1}/${runs}: with page ${fmt(withPage.at(-1)!.wallMs)} ms, without ${fmt(withoutPage.at(-1)!.wallMs)} ms`);
    }
  } finally {
    await browser.close();
  }

  const expected = agents * lines * PTY_LINE_CHARS;
  const med = (list: RunMeasurement[], pick: (m: RunMeasurement) => number) => median(list.map(pick));
  const pages = withPage.map((m) => m.page as PageMeasurement);
  const pm = (pick: (m: PageMeasurement) => number) => median(pages.map(pick));
  const variantRow = (name: string, list: RunMeasurement[]) => [
    name,
    fmt(med(list, (m) => m.wallMs)),
    fmt(med(list, (m) => m.outputMs)),
    fmt(med(list, (m) => mbps(m.chars, m.outputMs)), 2),
    `${list.filter((m) => m.chars === expected).length}/${list.length}`,
    `${med(list, (m) => m.succeeded)}/${agents}`,
    `${med(list, (m) => m.logsComplete)}/${agents}`,
  ];
  const runTable = markdownTable(
    ['variant', 'wall ms (start to all Done)', 'output ms (first to last chunk)', 'M chars/s at control socket', 'runs with every char', 'tasks Done', 'logs complete'],
    [variantRow('no page open (baseline)', withoutPage), variantRow('board open in Chromium', withPage)],
  );
  const pageTable = markdownTable(
    ['page figure (median of runs)', 'value'],
    [
      ['M chars/s reaching the page (acked; first output frame to last ack)', fmt(pm((p) => mbps(p.chars, p.windowMs)), 2)],
      ['chars acked by the page / chars sent', `${fmt(pm((p) => p.chars))} / ${expected}`],
      ['M chars/s written into open panes (acked while open + replays, same window)', fmt(pm((p) => mbps(p.paneChars, p.windowMs)), 2)],
      ['chars written into open panes', fmt(pm((p) => p.paneChars))],
      ['panes open at once (max) / replays', `${pm((p) => p.maxPanes)} / ${pm((p) => p.replays)}`],
      ['longest long task ms', fmt(pm((p) => p.longTaskMaxMs))],
      ['long tasks (>= 50 ms)', fmt(pm((p) => p.longTasks))],
      ['longest gap between animation frames ms', fmt(pm((p) => p.rafMaxMs))],
      [`frame gaps > ${RAF_GAP_REPORT_MS} ms / frames`, `${pm((p) => p.rafOver)} / ${pm((p) => p.frames)}`],
    ],
  );
  const wallRatio = med(withPage, (m) => m.wallMs) / med(withoutPage, (m) => m.wallMs);
  const outputRatio = med(withPage, (m) => m.outputMs) / med(withoutPage, (m) => m.outputMs);
  const notes = [
    `${agents} \`shell\` agents x ${fmt(mb, 1)} MB of base64 (${lines} lines of ${LINE_CHARS}; ${lines * PTY_LINE_CHARS} chars through the pty each), max parallel ${agents}, resource guard off. Median of ${runs} runs per variant after one warm-up; viewport ${VIEWPORT.width}x${VIEWPORT.height}. At most ${Math.max(...pages.map((p) => p.maxPanes))} panes were open at once (the grid); the other agents are tabs, whose output the page acks without writing it.`,
    '',
    `- Wall time with the page / without: **${fmt(wallRatio, 2)}x**; output window with / without: **${fmt(outputRatio, 2)}x**.`,
    `- Per-run wall ms with page: ${withPage.map((m) => fmt(m.wallMs)).join(', ')}; without: ${withoutPage.map((m) => fmt(m.wallMs)).join(', ')}.`,
    `- Per-run longest long task ms: ${pages.map((p) => fmt(p.longTaskMaxMs)).join(', ')}; longest frame gap ms: ${pages.map((p) => fmt(p.rafMaxMs)).join(', ')}.`,
  ].join('\n');
  const command = `node bench/runTs.mjs bench/terminalPanes.bench.ts ${args.join(' ')}`.trim();
  const markdown = `${runHeader('Terminal panes in a real page', command)}\n${notes}\n\n${runTable}\n\n${pageTable}\n`;
  console.log(markdown);
  if (!args.includes('--no-write')) await writeSection('terminal-panes', markdown);
}
