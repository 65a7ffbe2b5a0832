import { setTimeout as delay } from 'node:timers/promises';

/** Wall-clock milliseconds with a sub-millisecond fraction, so log entries order and window maths stay exact. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export async function sleep(ms: number): Promise<void> {
  if (ms > 0) await delay(ms);
}
