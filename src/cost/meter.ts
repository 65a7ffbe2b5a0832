import type { UpstreamEvent, UpstreamMeter } from '../logto/client.js';

export type UpstreamCall = UpstreamEvent & {
  /**
   * Sequential wave: 1 for calls issued before any other call of the operation finished,
   * else 1 + the highest wave among calls that had finished when this one was issued. It is the
   * depth of the chain of upstream round trips the operation waited on.
   */
  readonly wave: number;
};

/**
 * Counts the upstream requests of one GraphQL operation (one per HTTP request to the facade).
 * Waves are measured from when each call was *issued* (before rate-limit queueing), so a busy
 * queue does not make parallel calls look sequential.
 */
export class OperationMeter implements UpstreamMeter {
  private readonly calls: UpstreamCall[] = [];

  record(event: UpstreamEvent): void {
    let wave = 1;
    for (const call of this.calls) {
      if (call.endedAt <= event.issuedAt && call.wave + 1 > wave) wave = call.wave + 1;
    }
    this.calls.push({ ...event, wave });
  }

  /** Requests sent to Logto, retries included (each retry is one more request on the wire). */
  get requestCount(): number {
    return this.calls.reduce((sum, call) => sum + 1 + call.retries, 0);
  }

  /** Logical calls (a retried call counts once). */
  get callCount(): number {
    return this.calls.length;
  }

  get waves(): number {
    return this.calls.reduce((max, call) => Math.max(max, call.wave), 0);
  }

  get entries(): readonly UpstreamCall[] {
    return this.calls;
  }
}
