import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { bridge, terminals } from '../bridge';
import { useAppStore } from '../store/appStore';

/** Lines kept above the viewport: a long agent session stays scrollable without unbounded memory. */
const SCROLLBACK_LINES = 5000;
const THEME = { background: '#0d0f13', foreground: '#e6e8ee', cursor: '#5b8cff', selectionBackground: '#2a3a66' };

interface Props {
  taskId: string;
  title: string;
  /** Changes on every request to focus this pane (0 when it is not the focused one). */
  focusKey: number;
}

/**
 * One agent's terminal: a `region` "Terminal: <title>" with an xterm fed by the terminal registry.
 * Keystrokes go to the agent's pty; the pty follows the pane's size; a new attempt replays afresh.
 */
export function TerminalPane({ taskId, title, focusKey }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const region = useRef<HTMLElement>(null);
  const status = useAppStore((state) => state.runTasks[taskId]?.status ?? null);
  const live = useAppStore((state) => state.runTasks[taskId]?.live ?? false);
  const attempts = useAppStore((state) => state.runTasks[taskId]?.attempts ?? 0);
  const liveNow = useRef(live);
  liveNow.current = live;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({ scrollback: SCROLLBACK_LINES, fontSize: 12, theme: THEME });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    term.current = terminal;
    const fitNow = () => {
      // A pane laid out at zero size (a collapsed grid) has nothing to fit to.
      if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
    };
    fitNow();
    const detach = terminals.attach(taskId, terminal);
    const input = terminal.onData((data) => {
      if (liveNow.current) void bridge.request('terminal.write', { taskId, data });
    });
    // Only a live agent has a pty to resize; a finished attempt's log just reflows.
    const resizePty = (cols: number, rows: number) => {
      if (liveNow.current) void bridge.request('terminal.resize', { taskId, cols, rows });
    };
    const resize = terminal.onResize(({ cols, rows }) => resizePty(cols, rows));
    resizePty(terminal.cols, terminal.rows);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fitNow);
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      input.dispose();
      resize.dispose();
      detach();
      term.current = null;
      terminal.dispose();
    };
  }, [taskId]);

  // A retry starts a new attempt whose output replaces the old one.
  const firstAttempt = useRef(attempts);
  useEffect(() => {
    if (attempts !== firstAttempt.current) void terminals.replay(taskId);
  }, [attempts, taskId]);

  useEffect(() => {
    const terminal = term.current;
    if (!terminal) return;
    terminal.options.disableStdin = !live;
    // A new attempt's pty starts at its default size: give it the pane's.
    if (live) void bridge.request('terminal.resize', { taskId, cols: terminal.cols, rows: terminal.rows });
  }, [live, taskId]);

  useEffect(() => {
    if (focusKey === 0) return;
    region.current?.scrollIntoView({ block: 'nearest' });
    term.current?.focus();
  }, [focusKey]);

  return (
    <section ref={region} role="region" aria-label={`Terminal: ${title}`} className={`terminal-pane${focusKey ? ' terminal-focused' : ''}`}>
      <header className="terminal-head">
        <span className="terminal-title">{title}</span>
        {status && <span className={`badge badge-${status}`}>{status}</span>}
        {!live && status !== null && <span className="muted">log</span>}
      </header>
      <div ref={host} className="terminal-host" />
    </section>
  );
}
