/**
 * The most requests whose arrival falls in any half-open window `[t, t + windowMs)`: what a
 * sliding-window budget must never let exceed its limit. Tests and benchmarks measure with it.
 */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
