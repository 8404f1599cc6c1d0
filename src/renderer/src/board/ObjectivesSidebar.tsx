import { useMemo } from 'react';
import { useAppStore } from '../store/appStore';
import { objectiveColor } from './objectiveColor';

/** ADRs listed under the objective they belong to; the rest under this heading. */
const UNASSIGNED = 'Not tied to an objective';

/**
 * The plan's objectives and, under each, its ADRs (id, title, status). A click on an objective filters
 * the board to its tasks; Edit opens its dialog; an ADR opens its dialog.
 */
export function ObjectivesSidebar() {
  const objectiveIds = useAppStore((state) => state.objectiveIds);
  const objectives = useAppStore((state) => state.objectives);
  const adrIds = useAppStore((state) => state.adrIds);
  const adrs = useAppStore((state) => state.adrs);
  const filter = useAppStore((state) => state.objectiveFilter);
  const setFilter = useAppStore((state) => state.setObjectiveFilter);
  const openDialog = useAppStore((state) => state.openDialog);

  const adrsByObjective = useMemo(() => {
    const grouped = new Map<string | null, string[]>();
    for (const id of adrIds) {
      const owner = adrs[id]?.objective;
      const key = owner !== undefined && objectives[owner] ? owner : null;
      grouped.set(key, [...(grouped.get(key) ?? []), id]);
    }
    return grouped;
  }, [adrIds, adrs, objectives]);

  const adrList = (ids: readonly string[]) => (
    <ul className="adr-list">
      {ids.map((id) => {
        const adr = adrs[id];
        return (
          <li key={id}>
            <button type="button" className="link adr" onClick={() => openDialog({ kind: 'adr', id })}>
              <span className="adr-id">{id}</span> {adr?.title}
              <span className={`adr-status adr-${adr?.status ?? 'proposed'}`}>{adr?.status ?? 'proposed'}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
  const unassigned = adrsByObjective.get(null) ?? [];

  return (
    <aside role="region" aria-label="Objectives" className="sidebar">
      <div className="sidebar-head">
        <h2 className="column-title">Objectives</h2>
        <div className="sidebar-actions">
          <button type="button" onClick={() => openDialog({ kind: 'objective', id: null })}>
            New objective
          </button>
          <button type="button" onClick={() => openDialog({ kind: 'adr', id: null })}>
            New ADR
          </button>
        </div>
      </div>
      {objectiveIds.length === 0 && <p className="column-empty">No objectives yet</p>}
      <ul className="objective-list">
        {objectiveIds.map((id) => {
          const objective = objectives[id];
          const active = filter === id;
          return (
            <li key={id} className={`objective${active ? ' objective-active' : ''}`}>
              <div className="objective-row">
                <span className="swatch" style={{ background: objectiveColor(id) }} aria-hidden="true" />
                <button
                  type="button"
                  className="link objective-title"
                  aria-pressed={active}
                  title={active ? 'Show all tasks' : 'Show only this objective'}
                  onClick={() => setFilter(active ? null : id)}
                >
                  {objective?.title ?? id}
                </button>
                <button
                  type="button"
                  className="link"
                  aria-label={`Edit objective ${objective?.title ?? id}`}
                  onClick={() => openDialog({ kind: 'objective', id })}
                >
                  Edit
                </button>
              </div>
              {adrList(adrsByObjective.get(id) ?? [])}
            </li>
          );
        })}
      </ul>
      {unassigned.length > 0 && (
        <>
          <h3 className="sidebar-subtitle">{UNASSIGNED}</h3>
          {adrList(unassigned)}
        </>
      )}
    </aside>
  );
}
