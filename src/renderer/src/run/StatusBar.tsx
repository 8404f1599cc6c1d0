import { useEffect, useState } from 'react';
import { actions } from '../bridge';
import { isRunActive } from '../store/runSlice';
import { useAppStore } from '../store/appStore';
import { formatElapsed, summarizeRun } from './runSummary';
import { RunUsage } from './UsageFigure';

/** How often the elapsed time ticks while a run is active. */
const TICK_MS = 1000;

/** Running / max, CPU and memory, elapsed time, counts per status, and Cancel run. */
export function StatusBar() {
  const run = useAppStore((state) => state.run);
  const [now, setNow] = useState(() => Date.now());
  const active = isRunActive(run);

  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, [active]);

  if (!run) return null;
  const summary = summarizeRun(run, now);
  const resources = run.resources;

  return (
    <footer className="statusbar" aria-label="Run status">
      <span className={`run-state run-${run.state}`}>{run.state}</span>
      <span>
        Running {summary.running} / {summary.max}
      </span>
      {resources && (
        <>
          <span>CPU {Math.round(resources.cpuPercent)}%</span>
          <span>Memory {Math.round(resources.memoryFreePercent)}% free</span>
        </>
      )}
      <span>Elapsed {formatElapsed(summary.elapsedMs)}</span>
      <span className="counts">
        {summary.counts.map(({ status, count }) => (
          <span key={status} className={`badge badge-${status}`}>
            {status} {count}
          </span>
        ))}
      </span>
      <RunUsage />
      {run.holdReason && <span className="hold">{run.holdReason}</span>}
      <span className="spacer" />
      <button type="button" className="danger" disabled={run.state !== 'running'} onClick={() => void actions.cancelRun()}>
        Cancel run
      </button>
    </footer>
  );
}
