// A load run with autocannon, reduced to the figures the bench reports.
import autocannon, { type Options } from "autocannon";

/** Throughput and latency of one run. */
export interface Measured {
  /** Requests per second over the run. */
  rps: number;
  /** Median and 99th-percentile latency, milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Answers outside 2xx, and connection errors or timeouts. */
  non2xx: number;
  errors: number;
}

/** Runs autocannon and keeps what the report needs. */
export async function measure(options: Options): Promise<Measured> {
  const result = await autocannon({ timeout: 20, ...options });
  const requests = result.requests.total;
  return {
    rps: Math.round(requests / Math.max(result.duration, 0.001)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** `value / baseline`, rounded to two decimals. */
export function ratio(value: number, baseline: number): number {
  return baseline > 0 ? Math.round((value / baseline) * 100) / 100 : 0;
}
