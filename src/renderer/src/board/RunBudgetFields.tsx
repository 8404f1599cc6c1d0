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
  const usdId = useId();
  const tokensId = useId();
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
      <label className="inline-label" htmlFor={usdId} title={HINT}>
        Run budget $
      </label>
      <input
        id={usdId}
        className="toolbar-budget"
        inputMode="decimal"
        title={HINT}
        value={usd}
        placeholder="none"
        aria-invalid={!usdValid}
        onChange={(event) => setUsd(event.target.value)}
        onBlur={() => commit('budgetUsd', usd, savedUsd)}
        onKeyDown={(event) => event.key === 'Enter' && commit('budgetUsd', usd, savedUsd)}
      />
      <label className="inline-label" htmlFor={tokensId} title={HINT}>
        tokens
      </label>
      <input
        id={tokensId}
        className="toolbar-budget"
        inputMode="numeric"
        title={HINT}
        value={tokens}
        placeholder="none"
        aria-invalid={!tokensValid}
        onChange={(event) => setTokens(event.target.value)}
        onBlur={() => commit('budgetTokens', tokens, savedTokens)}
        onKeyDown={(event) => event.key === 'Enter' && commit('budgetTokens', tokens, savedTokens)}
      />
    </>
  );
}
