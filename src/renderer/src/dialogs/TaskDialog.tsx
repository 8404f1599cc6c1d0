import { useId, useState } from 'react';
import type { AgentInfo } from '../../../shared/board/board';
import { actions } from '../bridge';
import { slugId } from '../board/entityIds';
import { formToTask, taskToForm, type TaskForm, type TaskTextField } from '../board/taskForm';
import { useAppStore } from '../store/appStore';
import { CheckboxField, Field } from './Dialog';
import { EditorDialog } from './EditorDialog';

/**
 * Which agents can run here, so a new user picks one before the lane refuses a task whose default agent
 * is not installed.
 */
function agentHint(agents: readonly AgentInfo[]): string {
  const installed = agents.filter((agent) => agent.available).map((agent) => (agent.version ? `${agent.id} ${agent.version}` : agent.id));
  const where = installed.length > 0 ? `Installed here: ${installed.join(', ')}.` : 'No agent is installed here.';
  // A CLI older than its adapter was tested with may not speak the flags or events Wavelane expects.
  const warnings = agents.flatMap((agent) => (agent.available && agent.warning ? [`${agent.warning}.`] : []));
  return [`An agent profile id; empty for the plan's default. ${where}`, ...warnings].join(' ');
}

/** Creates or edits a task: the `dialog` "Task", with the fields named as the board's spec says. */
export function TaskDialog({ id }: { id: string | null }) {
  const existing = useAppStore((state) => (id ? (state.tasks[id] ?? null) : null));
  const tasks = useAppStore((state) => state.tasks);
  const objectiveIds = useAppStore((state) => state.objectiveIds);
  const objectives = useAppStore((state) => state.objectives);
  const agents = useAppStore((state) => state.agents);
  const filter = useAppStore((state) => state.objectiveFilter);
  const [form, setForm] = useState<TaskForm>(() => taskToForm(existing, filter));
  const agentListId = useId();
  const taken = new Set(Object.keys(tasks));

  const reviewAll = useAppStore((state) => state.settings?.reviewBeforeMerge ?? false);
  const field = (key: TaskTextField) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value }),
  });


  return (
    <EditorDialog
      title="Task"
      build={() => formToTask(form, existing, taken)}
      save={(value) => actions.saveTask(value)}
      {...(existing ? { remove: () => actions.deleteTask(existing.id) } : {})}
    >
      <Field label="Title">{(control) => <input {...control} {...field('title')} required />}</Field>
      {existing ? (
        <p className="field-hint">Id: {existing.id}</p>
      ) : (
        <Field label="Id" hint="Letters, digits, '.', '_' or '-'; derived from the title when empty.">
          {(control) => <input {...control} {...field('id')} placeholder={slugId(form.title, taken)} />}
        </Field>
      )}
      <Field label="Prompt">{(control) => <textarea {...control} {...field('prompt')} rows={6} />}</Field>
      <Field label="Objective">
        {(control) => (
          <select {...control} {...field('objective')}>
            <option value="">None</option>
            {objectiveIds.map((objectiveId) => (
              <option key={objectiveId} value={objectiveId}>
                {objectives[objectiveId]?.title ?? objectiveId}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="ADRs" hint="ADR ids, separated by commas.">
        {(control) => <input {...control} {...field('adrs')} />}
      </Field>
      <Field label="Depends on" hint="Task ids, separated by commas.">
        {(control) => <input {...control} {...field('dependsOn')} />}
      </Field>
      <Field label="Files" hint="Globs this task may change, one per line (locked while it runs).">
        {(control) => <textarea {...control} {...field('files')} rows={3} />}
      </Field>
      <Field label="Reads" hint="Globs this task reads, one per line (shared locks).">
        {(control) => <textarea {...control} {...field('reads')} rows={2} />}
      </Field>
      <Field label="Agent" hint={agentHint(agents)}>
        {(control) => (
          <>
            <input {...control} {...field('agent')} list={agentListId} autoComplete="off" />
            <datalist id={agentListId}>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.available ? agent.command : `${agent.command} (not installed)`}
                </option>
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Budget (USD)" hint="The agent is stopped once the task has cost this much (empty: no limit). Needs an agent that reports its cost.">
        {(control) => <input {...control} {...field('budgetUsd')} inputMode="decimal" placeholder="e.g. 2.50" />}
      </Field>
      <Field label="Budget (tokens)" hint="The agent is stopped once the task has used this many tokens (empty: no limit).">
        {(control) => <input {...control} {...field('budgetTokens')} inputMode="numeric" placeholder="e.g. 500000" />}
      </Field>
      <CheckboxField
        label="Review before merge"
        hint={
          reviewAll
            ? 'The run setting Review before merge is on: every task waits in Review anyway.'
            : 'This task waits in Review with its diff until you approve it, even when the run setting is off.'
        }
        checked={form.review}
        onChange={(review) => setForm({ ...form, review })}
      />
    </EditorDialog>
  );
}
