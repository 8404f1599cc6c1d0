import { useEffect, useState } from 'react';
import type { AgentDetection } from '../../../shared/agents/agentDetection';
import { isSecretEnvName, MAX_PROFILE_PARALLEL } from '../../../shared/agents/agentSettings';
import { request } from '../bridge';
import { useAppStore } from '../store/appStore';
import { EMPTY_PROFILE_FORM, formsToSettings, settingsToForms, type EnvRow, type ProfileForm } from './agentSettingsForm';
import { Field } from './Dialog';
import { EditorDialog } from './EditorDialog';

/** What the dialog says about a profile's CLI on this machine. */
function detectionText(found: AgentDetection | undefined): string {
  if (!found) return 'Looking for its CLI…';
  if (!found.available) return `${found.command} is not installed here (not on PATH).`;
  const version = found.version ? ` ${found.version}` : '';
  const tested = found.testedVersion ? ` (tested with ${found.testedVersion})` : '';
  return `${found.command}${version} at ${found.path ?? '?'}${tested}.`;
}

/**
 * The user's agent settings (`agents.json`, never the plan): per profile the command, extra arguments,
 * environment (keys, endpoints) and how many may run at once. Secret values (names with KEY, TOKEN,
 * SECRET, PASSWORD) are masked until revealed.
 */
export function AgentSettingsDialog() {
  const boardAgents = useAppStore((state) => state.agents);
  const [forms, setForms] = useState<Record<string, ProfileForm> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [detected, setDetected] = useState<AgentDetection[]>([]);
  const [selected, setSelected] = useState('claude-code');
  const [revealed, setRevealed] = useState<Set<string>>(new Set());

  useEffect(() => {
    let live = true;
    void request('settings.agents.get', {}).then((answer) => {
      if (!live) return;
      if (answer.ok) setForms(settingsToForms(answer.value));
      else {
        setLoadError(answer.error.message);
        setForms({});
      }
    });
    void request('agents.detect', {}).then((answer) => live && answer.ok && setDetected(answer.value));
    return () => {
      live = false;
    };
  }, []);

  const ids = [...new Set([...detected.map((entry) => entry.id), ...boardAgents.map((agent) => agent.id), ...Object.keys(forms ?? {}), selected])];
  const form = forms?.[selected] ?? EMPTY_PROFILE_FORM;
  const found = detected.find((entry) => entry.id === selected);
  const update = (change: Partial<ProfileForm>) => setForms({ ...forms, [selected]: { ...form, ...change } });
  const setRow = (index: number, row: EnvRow) => update({ env: form.env.map((old, i) => (i === index ? row : old)) });
  const rowKey = (index: number) => `${selected}:${index}`;
  const toggle = (index: number) => {
    const next = new Set(revealed);
    if (next.has(rowKey(index))) next.delete(rowKey(index));
    else next.add(rowKey(index));
    setRevealed(next);
  };

  return (
    <EditorDialog
      title="Agent settings"
      build={() => formsToSettings(forms ?? {})}
      save={async (settings) => {
        const saved = await request('settings.agents.set', { settings });
        return saved.ok ? null : saved.error;
      }}
    >
      <p className="field-hint">Kept in your user settings (agents.json), never in the plan or the repository.</p>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <Field label="Agent">
        {(control) => (
          <select {...control} value={selected} onChange={(event) => setSelected(event.target.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="field-hint" role="status" aria-label="Agent CLI">
        {detectionText(found)}
      </p>
      {found?.warning && (
        <p className="agent-warning" role="note" aria-label="Agent CLI warning">
          {found.warning}
        </p>
      )}
      <Field label="Command" hint="An absolute path or a name on PATH; empty for the profile's own.">
        {(control) => (
          <input {...control} value={form.command} placeholder={found?.command ?? ''} onChange={(event) => update({ command: event.target.value })} />
        )}
      </Field>
      <Field label="Extra arguments" hint="One per line, added before the prompt.">
        {(control) => <textarea {...control} rows={3} value={form.args} onChange={(event) => update({ args: event.target.value })} />}
      </Field>
      <Field label="Max parallel" hint={`At most this many of this agent at once (1 to ${MAX_PROFILE_PARALLEL}); empty for no cap.`}>
        {(control) => (
          <input
            {...control}
            type="number"
            min={1}
            max={MAX_PROFILE_PARALLEL}
            value={form.maxParallel}
            onChange={(event) => update({ maxParallel: event.target.value })}
          />
        )}
      </Field>
      <fieldset className="env-rows">
        <legend className="field-label">Environment</legend>
        {form.env.map((row, index) => {
          const secret = isSecretEnvName(row.name);
          const shown = !secret || revealed.has(rowKey(index));
          const label = row.name || `variable ${index + 1}`;
          return (
            <div className="env-row" key={index}>
              <input aria-label={`Name of variable ${index + 1}`} value={row.name} placeholder="NAME" onChange={(event) => setRow(index, { ...row, name: event.target.value })} />
              <input
                aria-label={`Value of ${label}`}
                type={shown ? 'text' : 'password'}
                autoComplete="off"
                value={row.value}
                onChange={(event) => setRow(index, { ...row, value: event.target.value })}
              />
              {secret ? (
                <button type="button" aria-pressed={shown} aria-label={`${shown ? 'Hide' : 'Show'} value of ${label}`} onClick={() => toggle(index)}>
                  {shown ? 'Hide' : 'Show'}
                </button>
              ) : (
                <span />
              )}
              <button type="button" aria-label={`Remove ${label}`} onClick={() => update({ env: form.env.filter((_, i) => i !== index) })}>
                Remove
              </button>
            </div>
          );
        })}
        <button type="button" onClick={() => update({ env: [...form.env, { name: '', value: '' }] })}>
          Add variable
        </button>
      </fieldset>
    </EditorDialog>
  );
}
