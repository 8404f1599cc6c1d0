import type { RunTask, WavePreview } from '../../../shared/board/board';
import { waveLaneLabel } from './reasonText';

export interface LaneGroup {
  label: string;
  ids: string[];
}

/**
 * Splits the cards shown on Run parallel into the preview's wave lanes, keeping the preview's order in
 * each lane. A card the preview does not place yet (just dropped, or joined a run) goes to the lane
 * the run gave it, or to `loose` until the core's next preview places it.
 */
export function groupIntoLanes(
  shown: readonly string[],
  preview: WavePreview,
  runTasks: Readonly<Record<string, RunTask>> = {},
): { lanes: LaneGroup[]; loose: string[] } {
  const onLane = new Set(shown);
  const placed = new Set<string>();
  const lanes: LaneGroup[] = preview.waves.map((wave, index) => {
    const ids = wave.filter((id) => onLane.has(id) && !placed.has(id));
    for (const id of ids) placed.add(id);
    return { label: waveLaneLabel(index), ids };
  });
  const loose: string[] = [];
  for (const id of shown) {
    if (placed.has(id)) continue;
    const wave = runTasks[id]?.wave ?? null;
    const lane = wave !== null ? lanes[wave - 1] : undefined;
    if (lane) lane.ids.push(id);
    else loose.push(id);
  }
  return { lanes: lanes.filter((lane) => lane.ids.length > 0), loose };
}
