import { Hono } from "hono";
import { z } from "zod";
import { type CohortConfig, cohortIdSchema } from "../domain/cohort-config";
import type { GuardViolation } from "../domain/config-guards";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { valid } from "../platform/validate";
import { publishCohort } from "../queue/edge/listing";
import type { ConfigChange, SaveOutcome } from "../queue/object/config-versions";
import { cohortQueue } from "../queue/stubs";
import { otherCohorts, parseCohortConfig, saveCohortConfig } from "./config-service";
import { dryRunReport } from "./dry-run";
import { changeQuery, operatorHeaders, operatorName } from "./operator";

/** A whole schedule: every cohort's config with its id. Each config is checked by the cohort schema. */
export const scheduleBody = z
  .object({
    cohorts: z
      .array(z.object({ id: cohortIdSchema }).passthrough())
      .min(1)
      .max(100),
  })
  .strict()
  .refine((s) => new Set(s.cohorts.map((c) => c.id)).size === s.cohorts.length, {
    message: "each cohort id may appear once",
    path: ["cohorts"],
  });

/**
 * Loads a national schedule as one document, all or nothing: every cohort is validated and checked
 * against the guard rails (its saved version, and the other cohorts of the document and the
 * listing) before anything is saved. Each save then names the version it was checked against, so
 * a concurrent change makes it fail instead of being overwritten; should a save fail part way,
 * the cohorts already saved are put back to their previous version (a new one is closed) and the
 * answer says so.
 */
export const adminScheduleRoutes = new Hono<AppEnv>().put(
  "/schedule",
  adminGate,
  valid("query", changeQuery),
  valid("header", operatorHeaders),
  valid("json", scheduleBody),
  async (c) => {
    const query = c.req.valid("query");
    const configs = c.req.valid("json").cohorts.map((raw, i) => parseCohortConfig(raw, raw.id, `cohorts.${i}.`));
    const ids = new Set(configs.map((config) => config.id));
    const listed = await otherCohorts(c.env, ids);
    const change = (config: CohortConfig): ConfigChange => ({
      operator: operatorName(c),
      ...(query.reason ? { reason: query.reason } : {}),
      force: query.force ?? false,
      others: [...listed, ...configs.filter((other) => other.id !== config.id)],
    });

    const reviews = await Promise.all(
      configs.map((config) => cohortQueue(c.env, config.id).saveConfig(config, { ...change(config), dryRun: true })),
    );
    const violations = reviews.flatMap(
      (review, i): Array<GuardViolation & { cohortId: string }> =>
        "violations" in review ? review.violations.map((v) => ({ ...v, cohortId: configs[i]!.id, path: `cohorts.${i}.${v.path}` })) : [],
    );
    const accepted = reviews.every((review) => review.ok);
    if (query.dryRun) {
      const now = Date.now();
      return c.json({
        dryRun: true,
        saved: false,
        accepted,
        violations,
        cohorts: configs.map((config) => ({
          id: config.id,
          report: dryRunReport(config, { population: config.population ?? null, nowMs: now }),
        })),
      });
    }
    if (!accepted) {
      throw new ApiError("config_conflict", {
        detail: `Nothing was saved. ${violations.map((v) => `${v.path}: ${v.message}`).join(" ")} Repeat with ?force=1&reason=... to override.`,
        details: { violations },
      });
    }

    const previous = await Promise.all(configs.map((config) => cohortQueue(c.env, config.id).getConfig()));
    const saved: number[] = [];
    for (const [i, config] of configs.entries()) {
      const review = reviews[i] as Extract<SaveOutcome, { ok: true }>;
      const outcome = await saveCohortConfig(c.env, config, { ...change(config), expectedVersion: review.version - 1 }).catch(() => null);
      if (outcome?.ok) {
        saved.push(i);
        continue;
      }
      const undone = await undo(
        c.env,
        saved.map((j) => ({ config: configs[j]!, previous: previous[j] ?? null })),
        operatorName(c),
      );
      throw new ApiError("config_conflict", {
        detail: `Saving ${config.id} failed (changed meanwhile or unavailable); the cohorts saved before it were put back: ${undone.join(", ") || "none"}.`,
        details: { failed: config.id, undone },
      });
    }
    return c.json({
      saved: configs.map((config, i) => ({ id: config.id, version: (reviews[i] as Extract<SaveOutcome, { ok: true }>).version })),
    });
  },
);

/** Puts cohorts back to their previous config (forced, audited); a cohort that had none is closed. */
async function undo(
  env: Env,
  cohorts: Array<{ config: CohortConfig; previous: CohortConfig | null }>,
  operator: string,
): Promise<string[]> {
  const reason = "schedule load failed part way; undone";
  for (const { config, previous } of cohorts) {
    if (previous) await saveCohortConfig(env, previous, { operator, reason, force: true });
    else
      await publishCohort(env.COHORT_CONFIG, config, await cohortQueue(env, config.id).control({ action: "close", reason }, { operator }));
  }
  return cohorts.map(({ config }) => config.id);
}
