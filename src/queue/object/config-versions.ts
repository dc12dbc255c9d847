// The cohort's config as numbered, audited versions: review against the guard rails, save, list, read back.

import { toBase64Url } from "../../crypto/base64url";
import type { CohortConfig } from "../../domain/cohort-config";
import { configDiff, type FieldChange } from "../../domain/config-diff";
import { type GuardViolation, guardViolations, UNFORCEABLE_RULES } from "../../domain/config-guards";
import { seedCommitment } from "../../domain/shuffle";
import { rows, run } from "./sql";

/** Who saves a config, why, and whether the guard rails may be overridden. */
export interface ConfigChange {
  operator: string;
  /** Required with `force`; kept with the version. */
  reason?: string;
  force?: boolean;
  /** Other cohorts' configs, for the overlapping-cohorts rail. */
  others?: CohortConfig[];
  /** Refuse the save unless the saved version is still this one (optimistic concurrency). */
  expectedVersion?: number;
  /** Set when this save restores an earlier version. */
  rollbackOf?: number;
  /** Only check the guard rails; save nothing. */
  dryRun?: boolean;
}

/** A saved version as the admin API lists it. */
export interface ConfigVersionSummary {
  version: number;
  savedAt: string;
  operator: string;
  reason: string | null;
  /** Guard rails this save overrode with `force`. */
  forcedRules: string[];
  rollbackOf: number | null;
  changes: FieldChange[];
}

/** A saved version with the whole config it saved. */
export interface ConfigVersion extends ConfigVersionSummary {
  config: CohortConfig;
}

/** The outcome of saving (or reviewing) a config. */
export type SaveOutcome =
  | { ok: true; version: number; violations: GuardViolation[]; changes: FieldChange[] }
  | { ok: false; reason: "guard"; currentVersion: number; violations: GuardViolation[] }
  | { ok: false; reason: "stale"; currentVersion: number };

interface VersionRow {
  version: number;
  saved_at: number;
  operator: string;
  reason: string | null;
  forced_rules: string | null;
  rollback_of: number | null;
  config: string;
  diff: string;
  [key: string]: SqlStorageValue;
}

/** The latest saved version number, 0 before the first save. */
export function currentVersion(sql: SqlStorage): number {
  return rows<{ v: number | null }>(sql, "SELECT max(version) AS v FROM config_versions")[0]?.v ?? 0;
}

/**
 * Checks a proposed config against the guard rails on the server clock. Nothing is written:
 * `ok` says whether a save with the same change would go through.
 */
export function reviewConfig(
  sql: SqlStorage,
  previous: CohortConfig | null,
  next: CohortConfig,
  change: ConfigChange,
  nowMs: number,
): SaveOutcome {
  const version = currentVersion(sql);
  if (change.expectedVersion !== undefined && change.expectedVersion !== version)
    return { ok: false, reason: "stale", currentVersion: version };
  const violations = guardViolations({ previous, next, others: change.others ?? [], nowMs });
  const unforceable = violations.some((v) => UNFORCEABLE_RULES.includes(v.rule));
  if (violations.length > 0 && (!change.force || unforceable)) return { ok: false, reason: "guard", currentVersion: version, violations };
  return { ok: true, version: version + 1, violations, changes: configDiff(previous, next) };
}

/** New shuffle seeds (and their published commitments) for windows that have none yet. */
export async function newSeeds(sql: SqlStorage, windowCount: number): Promise<Array<{ index: number; seed: string; commitment: string }>> {
  const have = new Set(rows<{ window_index: number }>(sql, "SELECT window_index FROM shuffle_seeds").map((r) => r.window_index));
  const seeds = [];
  for (let index = 0; index < windowCount; index++) {
    if (have.has(index)) continue;
    const seed = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    seeds.push({ index, seed, commitment: await seedCommitment(seed) });
  }
  return seeds;
}

/**
 * Writes an accepted config as the next version, with its seeds, inside the caller's
 * transaction. A seed already stored for a window index is kept: its commitment is public.
 */
export function writeVersion(
  sql: SqlStorage,
  config: CohortConfig,
  accepted: Extract<SaveOutcome, { ok: true }>,
  change: ConfigChange,
  seeds: Array<{ index: number; seed: string; commitment: string }>,
  nowMs: number,
): void {
  for (const s of seeds)
    run(sql, "INSERT OR IGNORE INTO shuffle_seeds (window_index, seed, commitment) VALUES (?, ?, ?)", s.index, s.seed, s.commitment);
  const forced = accepted.violations.map((v) => v.rule);
  run(
    sql,
    "INSERT INTO config_versions (version, saved_at, operator, reason, forced_rules, rollback_of, config, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    accepted.version,
    nowMs,
    change.operator,
    change.reason ?? null,
    forced.length > 0 ? JSON.stringify([...new Set(forced)]) : null,
    change.rollbackOf ?? null,
    JSON.stringify(config),
    JSON.stringify(accepted.changes),
  );
}

function summary(row: VersionRow): ConfigVersionSummary {
  return {
    version: row.version,
    savedAt: new Date(row.saved_at).toISOString(),
    operator: row.operator,
    reason: row.reason,
    forcedRules: row.forced_rules ? (JSON.parse(row.forced_rules) as string[]) : [],
    rollbackOf: row.rollback_of,
    changes: JSON.parse(row.diff) as FieldChange[],
  };
}

/** Saved versions, newest first. */
export function listVersions(sql: SqlStorage, limit: number): ConfigVersionSummary[] {
  return rows<VersionRow>(sql, "SELECT * FROM config_versions ORDER BY version DESC LIMIT ?", limit).map(summary);
}

/** One saved version with its config, or null. */
export function readVersion(sql: SqlStorage, version: number): ConfigVersion | null {
  const row = rows<VersionRow>(sql, "SELECT * FROM config_versions WHERE version = ?", version)[0];
  return row ? { ...summary(row), config: JSON.parse(row.config) as CohortConfig } : null;
}

/** Each window's secret seed (window index → seed), for the shards' snapshot; revealed to the public only after the draw. */
export function windowSeeds(sql: SqlStorage): Record<number, string> {
  const seeds = rows<{ window_index: number; seed: string }>(sql, "SELECT window_index, seed FROM shuffle_seeds");
  return Object.fromEntries(seeds.map((r) => [r.window_index, r.seed]));
}
