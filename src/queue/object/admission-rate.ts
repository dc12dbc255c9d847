// The admission rate the queue reports: measured from its recent admissions, not taken on trust from the config.
import { ADMISSION_TICK_MS } from "../../domain/admission";
import { rows } from "./sql";

/** Recent admissions are averaged over this span to measure the admission rate. */
export const RATE_WINDOW_MS = 5 * 60_000;

/** Admissions per minute over the recent window of `admission_log`; the configured rate before there is a minute of history. */
export function measuredRatePerMinute(sql: SqlStorage, now: number, configuredRatePerMinute: number): number {
  const row = rows<{ total: number | null; first: number | null }>(
    sql,
    "SELECT sum(count) AS total, min(at) AS first FROM admission_log WHERE at > ?",
    now - RATE_WINDOW_MS,
  )[0];
  if (!row?.total || row.first === null) return configuredRatePerMinute;
  const spanMs = now - row.first + ADMISSION_TICK_MS;
  if (spanMs < 60_000) return configuredRatePerMinute;
  return (row.total * 60_000) / spanMs;
}
