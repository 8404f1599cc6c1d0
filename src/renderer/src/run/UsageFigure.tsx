import { formatUsage, sumUsage, type UsageSummary } from '../../../shared/run/usage';
import { useAppStore } from '../store/appStore';

/**
 * Tokens and cost as the agents' CLIs reported them ("12,345 tokens · $0.0123", or "cost unknown" where a
 * CLI gave no price), with an accessible name saying what the figure is (`label`: "Tokens and cost of
 * the run").
 */
export function UsageFigure({ usage, label }: { usage: UsageSummary; label: string }) {
  const text = formatUsage(usage);
  return (
    <span className="usage" role="note" aria-label={`${label}: ${text}`} title={label}>
      {text}
    </span>
  );
}

/** The run's total so far, or nothing when no agent reported usage (shell tasks, no run). */
export function RunUsage() {
  const run = useAppStore((state) => state.run);
  const total = run ? sumUsage(run.tasks.map((task) => task.usage)) : null;
  return total ? <UsageFigure usage={total} label="Tokens and cost of the run" /> : null;
}
