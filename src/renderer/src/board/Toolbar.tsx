import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { actions } from '../bridge';
import { isRunActive } from '../store/runSlice';
import { useAppStore } from '../store/appStore';
import { downloadText, readFileText } from './planFile';
import { RunBudgetFields } from './RunBudgetFields';

import { MAX_PARALLEL as MAX_PARALLEL_MAX } from '../../../shared/limits';

/** The contract's bounds for max parallel (the upper one is the shared limit). */
const MAX_PARALLEL_MIN = 1;

/** Says what the run setting does, and that a run already going keeps the setting it started with. */
const REVIEW_HINT = 'Every task of a run waits in Review with its diff until you approve, change or discard it. Applies to runs started after the change.';

/** New task, import and export of plan files, the objective filter, max parallel, Review before merge and Start run. */
export function Toolbar() {
  const openDialog = useAppStore((state) => state.openDialog);
  const saved = useAppStore((state) => state.settings?.maxParallel ?? null);
  const savedReview = useAppStore((state) => state.settings?.reviewBeforeMerge ?? false);
  const savedVerify = useAppStore((state) => state.settings?.verify ?? '');
  const planVerify = useAppStore((state) => state.snapshot?.board.plan.verify ?? null);
  const [verify, setVerify] = useState(savedVerify);
  // Shown at once while the core saves it; the saved value wins again once it answers (or refuses).
  const [reviewChoice, setReviewChoice] = useState<boolean | null>(null);
  const running = useAppStore((state) => isRunActive(state.run));
  const filter = useAppStore((state) => state.objectiveFilter);
  const setFilter = useAppStore((state) => state.setObjectiveFilter);
  const objectiveIds = useAppStore((state) => state.objectiveIds);
  const objectives = useAppStore((state) => state.objectives);
  const showNotice = useAppStore((state) => state.showNotice);
  const [maxParallel, setMaxParallel] = useState(String(saved ?? 4));
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const filterId = useId();
  const maxParallelId = useId();
  const verifyId = useId();

  useEffect(() => setVerify(savedVerify), [savedVerify]);
  const commitVerify = () => {
    if (verify.trim() !== savedVerify.trim()) void actions.setSettings({ verify: verify.trim() });
  };

  useEffect(() => {
    if (saved !== null) setMaxParallel(String(saved));
  }, [saved]);

  const parsed = Number(maxParallel);
  const valid = Number.isInteger(parsed) && parsed >= MAX_PARALLEL_MIN && parsed <= MAX_PARALLEL_MAX;

  const commitMaxParallel = () => {
    if (valid && parsed !== saved) void actions.setSettings({ maxParallel: parsed });
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      await actions.importPlan(await readFileText(file), file.name);
    } catch (error) {
      showNotice({ message: `Could not read ${file.name}: ${(error as Error).message}` });
    }
  };

  const exportPlan = async () => {
    const file = await actions.exportPlan();
    if (file) downloadText(file.fileName, file.text);
  };

  const setReview = async (reviewBeforeMerge: boolean) => {
    setReviewChoice(reviewBeforeMerge);
    await actions.setSettings({ reviewBeforeMerge });
    setReviewChoice(null);
  };

  const start = async () => {
    if (!valid) {
      showNotice({ message: `Max parallel must be a whole number from ${MAX_PARALLEL_MIN} to ${MAX_PARALLEL_MAX}.` });
      return;
    }
    setBusy(true);
    await actions.startRun(parsed);
    setBusy(false);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Board">
      <button type="button" onClick={() => openDialog({ kind: 'task', id: null })}>
        New task
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import plan
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-hidden="true"
        tabIndex={-1}
        data-testid="import-plan-file"
        onChange={(event) => void importFile(event)}
      />
      <button type="button" onClick={() => void exportPlan()}>
        Export plan
      </button>
      <button type="button" title="Agent settings: command, arguments, keys and limits per agent" onClick={() => openDialog({ kind: 'agentSettings', id: null })}>
        Agents
      </button>
      {/* The select's own text ("All objectives") says what it does; the name stays for screen readers. */}
      <select id={filterId} aria-label="Filter board" value={filter ?? ''} onChange={(event) => setFilter(event.target.value || null)}>
        <option value="">All objectives</option>
        {objectiveIds.map((id) => (
          <option key={id} value={id}>
            {objectives[id]?.title ?? id}
          </option>
        ))}
      </select>
      <span className="spacer" />
      <label className="inline-label" htmlFor={verifyId} title="Runs on exactly the merged tree before the branch moves; a task lands only if it passes.">
        Verify
      </label>
      <input
        id={verifyId}
        aria-label="Verify command"
        className="toolbar-verify"
        value={verify}
        placeholder={planVerify ? `plan: ${planVerify}` : 'none'}
        onChange={(event) => setVerify(event.target.value)}
        onBlur={commitVerify}
        onKeyDown={(event) => event.key === 'Enter' && commitVerify()}
      />
      <label className="inline-label" htmlFor={maxParallelId}>
        Parallel
      </label>
      <input
        id={maxParallelId}
        aria-label="Max parallel"
        type="number"
        min={MAX_PARALLEL_MIN}
        max={MAX_PARALLEL_MAX}
        step={1}
        value={maxParallel}
        aria-invalid={!valid}
        onChange={(event) => setMaxParallel(event.target.value)}
        onBlur={commitMaxParallel}
        onKeyDown={(event) => event.key === 'Enter' && commitMaxParallel()}
      />
      <RunBudgetFields />
      <label className="inline-label toolbar-check" title={REVIEW_HINT}>
        <input
          type="checkbox"
          aria-label="Review before merge"
          title={REVIEW_HINT}
          checked={reviewChoice ?? savedReview}
          disabled={reviewChoice !== null}
          onChange={(event) => void setReview(event.target.checked)}
        />
        Review
      </label>
      <button type="button" className="primary" disabled={running || busy} onClick={() => void start()}>
        Start run
      </button>
    </div>
  );
}
