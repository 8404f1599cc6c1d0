/**
 * A seeded PRNG for tests and benchmarks in any core folder (random plans, workloads, lock sets), so a
 * failing random case is reproduced from its seed. Kept here, outside every layer, so that no folder
 * imports another one only for its random numbers.
 */

/** mulberry32: tiny, fast, and good enough to make workloads reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
