import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { computeWindow, prefixOffsets } from './virtualWindow';

/** Lists up to this long render every item: cheap, and every card stays reachable by keyboard. */
export const VIRTUALIZE_ABOVE = 60;
/** Items rendered beyond the viewport on each side, so a fast scroll does not show blank space. */
const OVERSCAN = 6;

interface Props {
  ids: readonly string[];
  /** Height assumed for an item until it has been measured (px). */
  estimate: number;
  renderItem(id: string): ReactNode;
  className?: string;
  /** Shown instead of the items when there are none. */
  empty?: ReactNode;
}

/**
 * A small windowing list for long columns: only the items near the viewport are in the DOM. Items may
 * differ in height; each rendered one is measured and the offsets follow.
 */
export function VirtualList({ ids, estimate, renderItem, className, empty }: Props) {
  if (ids.length <= VIRTUALIZE_ABOVE) {
    return (
      <div className={className}>
        {ids.length === 0 && empty}
        {ids.map((id) => (
          <div key={id} className="virtual-item">
            {renderItem(id)}
          </div>
        ))}
      </div>
    );
  }
  return <WindowedList ids={ids} estimate={estimate} renderItem={renderItem} className={className} />;
}

function WindowedList({ ids, estimate, renderItem, className }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);

  const observer = useMemo(
    () =>
      new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.id;
          const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
          if (id !== undefined && height > 0 && heights.current.get(id) !== height) {
            heights.current.set(id, height);
            changed = true;
          }
        }
        if (changed) setMeasured((n) => n + 1);
      }),
    [],
  );
  useEffect(() => () => observer.disconnect(), [observer]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewport(element.clientHeight);
    const resize = new ResizeObserver(() => setViewport(element.clientHeight));
    resize.observe(element);
    return () => resize.disconnect();
  }, []);

  const offsets = useMemo(
    () => prefixOffsets(ids.length, (index) => heights.current.get(ids[index] ?? '') ?? estimate),
    // `measured` changes when a height does; the map itself is a ref.
    [ids, estimate, measured],
  );
  const shown = computeWindow(offsets, scrollTop, viewport || estimate * 10, OVERSCAN);

  const measure = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element) return;
      observer.observe(element);
      return () => observer.unobserve(element);
    },
    [observer],
  );

  return (
    <div ref={scroller} className={`${className ?? ''} virtual-scroller`} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
      <div style={{ height: shown.padTop }} aria-hidden="true" />
      {ids.slice(shown.start, shown.end).map((id) => (
        <div key={id} ref={measure} data-id={id} className="virtual-item">
          {renderItem(id)}
        </div>
      ))}
      <div style={{ height: shown.padBottom }} aria-hidden="true" />
    </div>
  );
}
