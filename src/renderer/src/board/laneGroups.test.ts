import { describe, expect, it } from 'vitest';
import { runTask } from '../testing/boardFixtures';
import { groupIntoLanes } from './laneGroups';

const preview = (waves: string[][]) => ({ waves, reasons: {}, criticalPath: [] });

describe('groupIntoLanes', () => {
  it('groups the lane cards by wave, in the preview order, naming lanes from Wave 1', () => {
    const { lanes, loose } = groupIntoLanes(['c', 'a', 'b'], preview([['a', 'c'], ['b']]));
    expect(lanes).toEqual([
      { label: 'Wave 1', ids: ['a', 'c'] },
      { label: 'Wave 2', ids: ['b'] },
    ]);
    expect(loose).toEqual([]);
  });

  it('leaves out preview ids not shown on the lane (running, filtered) and drops emptied lanes', () => {
    const { lanes } = groupIntoLanes(['b'], preview([['a'], ['b']]));
    expect(lanes).toEqual([{ label: 'Wave 2', ids: ['b'] }]);
  });

  it('keeps a card the preview does not place yet apart, or in the wave the run gave it', () => {
    const { lanes, loose } = groupIntoLanes(['a', 'new', 'joined'], preview([['a']]), {
      joined: runTask('joined', 'pending', { wave: 1 }),
    });
    expect(lanes).toEqual([{ label: 'Wave 1', ids: ['a', 'joined'] }]);
    expect(loose).toEqual(['new']);
  });
});
