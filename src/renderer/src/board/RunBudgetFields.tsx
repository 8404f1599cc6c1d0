import { useEffect, useId, useState } from 'react';
import { actions } from '../bridge';
import { useAppStore } from '../store/appStore';
import { parseBudget } from './parseBudget';

const HINT = 'No new task starts once the run has spent this much (empty: no limit). Applies to runs started after the change.';

/** The run's budget in the toolbar: US dollars and tokens, each saved when the field is left. */
export function RunBudgetFields() {
  const savedUsd = useAppStore((state) => state.settings?.budgetUsd ?? null);
  const savedTokens = useAppStore((state) => state.settings?.budgetTokens ?? null);
  const showNotice = useAppStore((state) => state.showNotice);
  const [usd, setUsd] = useState(savedUsd === null ? '' : String(savedUsd));
  const [tokens, setTokens] = useState(savedTokens === null ? '' : String(savedTokens));
  useEffect(() => setUsd(savedUsd === null ? '' : String(savedUsd)), [savedUsd]);
  useEffect(() => setTokens(savedTokens === null ? '' : String(savedTokens)), [savedTokens]);

  const commit = (key: 'budgetUsd' | 'budgetTokens', text: string, saved: number | null) => {
    const value = parseBudget(text, key === 'budgetTokens');
    if (Number.isNaN(value)) {
      showNotice({ message: key === 'budgetUsd' ? 'The run budget must be a positive amount of US dollars.' : 'The run token budget must be a positive whole number.' });
      return;
    }
    if (value !== saved) void actions.setSettings({ [key]: value });
  };
  const usdValid = !Number.isNaN(parseBudget(usd, false));
  const tokensValid = !Number.isNaN(parseBudget(tokens, true));

  return (
    <>
      <BudgetInput label="Budget $" name="Run budget in US dollars" inputMode="decimal" value={usd} valid={usdValid} onChange={setUsd} onCommit={() => commit('budgetUsd', usd, savedUsd)} />
      <BudgetInput label="tokens" name="Run budget in tokens" inputMode="numeric" value={tokens} valid={tokensValid} onChange={setTokens} onCommit={() => commit('budgetTokens', tokens, savedTokens)} />
    </>
  );
}

/** One budget field: saved when it is left or on Enter. */
function BudgetInput(props: {
  label: string;
  /** The accessible name: the visible label is short to keep the toolbar on one line at 1280 px. */
  name: string;
  inputMode: 'decimal' | 'numeric';
  value: string;
  valid: boolean;
  onChange(value: string): void;
  onCommit(): void;
}) {
  const id = useId();
  return (
    <>
      <label className="inline-label" htmlFor={id} title={HINT}>
        {props.label}
      </label>
      <input
        id={id}
        className="toolbar-budget"
        aria-label={props.name}
        inputMode={props.inputMode}
        title={HINT}
        value={props.value}
        placeholder="none"
        aria-invalid={!props.valid}
        onChange={(event) => props.onChange(event.target.value)}
        onBlur={props.onCommit}
        onKeyDown={(event) => event.key === 'Enter' && props.onCommit()}
      />
    </>
  );
}
