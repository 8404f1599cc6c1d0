import { useMemo } from 'react';
import { useAppStore } from '../store/appStore';
import { terminalCandidates, terminalLayout } from './terminalLayout';
import { TerminalPane } from './TerminalPane';

/** The agents' terminals: up to four panes in a grid, the rest as tabs that bring a pane into it. */
export function TerminalGrid() {
  const run = useAppStore((state) => state.run);
  const recency = useAppStore((state) => state.terminalOrder);
  const focused = useAppStore((state) => state.focusedTerminal);
  const focusCount = useAppStore((state) => state.focusCount);
  const focusTerminal = useAppStore((state) => state.focusTerminal);
  const tasks = useAppStore((state) => state.tasks);
  const candidates = useMemo(() => terminalCandidates(run?.tasks ?? []), [run]);
  const { grid, tabs } = useMemo(() => terminalLayout(candidates, recency), [candidates, recency]);
  if (grid.length === 0) return null;
  const titleOf = (id: string) => tasks[id]?.title ?? run?.tasks.find((task) => task.id === id)?.title ?? id;

  return (
    <div className="terminals">
      {tabs.length > 0 && (
        <div role="tablist" aria-label="More terminals" className="terminal-tabs">
          {tabs.map((id) => (
            <button key={id} type="button" role="tab" aria-selected={false} onClick={() => focusTerminal(id)}>
              {titleOf(id)}
            </button>
          ))}
        </div>
      )}
      <div className={`terminal-grid terminal-grid-${grid.length}`}>
        {grid.map((id) => (
          <TerminalPane key={id} taskId={id} title={titleOf(id)} focusKey={focused === id ? focusCount : 0} />
        ))}
      </div>
    </div>
  );
}
