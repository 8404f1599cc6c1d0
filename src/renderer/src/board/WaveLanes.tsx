import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useMemo } from 'react';
import { useAppStore } from '../store/appStore';
import { groupIntoLanes } from './laneGroups';
import { reasonText } from './reasonText';
import { CARD_ESTIMATE_PX, TaskCard } from './TaskCard';
import { VirtualList } from './VirtualList';

/**
 * The Run parallel lane: its cards grouped in the waves the core computed (`group` "Wave 1", ...),
 * each card in a later wave saying why (a dependency, or a lock held by a named task).
 */
export function WaveLanes({ ids }: { ids: readonly string[] }) {
  const preview = useAppStore((state) => state.preview);
  const runTasks = useAppStore((state) => state.runTasks);
  const problems = useAppStore((state) => state.problems);
  const { lanes, loose } = useMemo(() => groupIntoLanes(ids, preview, runTasks), [ids, preview, runTasks]);
  const order = useMemo(() => [...lanes.flatMap((lane) => lane.ids), ...loose], [lanes, loose]);
  const laneProblems = problems.filter((problem) => problem.taskId === null);

  const list = (laneIds: readonly string[]) => (
    <VirtualList
      ids={laneIds}
      estimate={CARD_ESTIMATE_PX}
      className="lane-body"
      renderItem={(id) => {
        const reason = preview.reasons[id];
        return <TaskCard id={id} column="runParallel" note={reason ? reasonText(reason) : undefined} />;
      }}
    />
  );

  return (
    <div className="column-body lanes">
      {laneProblems.length > 0 && (
        <ul className="lane-problems">
          {laneProblems.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      )}
      <SortableContext id="runParallel" items={order} strategy={verticalListSortingStrategy}>
        {lanes.map((lane) => (
          <div key={lane.label} role="group" aria-label={lane.label} className="wave-lane">
            <h3 className="wave-title">{lane.label}</h3>
            {list(lane.ids)}
          </div>
        ))}
        {loose.length > 0 && <div className="wave-lane wave-loose">{list(loose)}</div>}
      </SortableContext>
      {ids.length === 0 && <p className="column-empty">Drop tasks here to run them in parallel</p>}
    </div>
  );
}
