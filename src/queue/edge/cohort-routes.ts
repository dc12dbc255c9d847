import { Hono } from "hono";
import { z } from "zod";
import { vaccineSchedules } from "../../bookings/d1/availability";
import { bookingDb, listAvailability } from "../../bookings/d1/store";
import { cohortPhase } from "../../domain/cohort-phase";
import { publicCohort } from "../../domain/public-cohort";
import { clinicIdSchema } from "../../domain/supply-config";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import { publicGate } from "../../platform/gates";
import { cohortParams } from "../../platform/params";
import { valid } from "../../platform/validate";
import { knownCohort } from "./known-cohort";
import { listedCohorts } from "./listing";
import { edgeCached, publicReadLimit } from "./public-read";
import { cohortAtEdge, cohortConfigAtEdge } from "./queue-edge";

/** Cohort info and slot lists change slowly; let the edge and browsers reuse them briefly. */
const CACHEABLE = "public, max-age=5, stale-while-revalidate=30";

/** Optional narrowing of a slot list: one clinic, one local day. */
const slotsQuery = z
  .object({
    clinicId: clinicIdSchema.optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
      .optional(),
  })
  .strict();

/** Public, cacheable cohort information and slot availability. */
export const cohortRoutes = new Hono<AppEnv>()
  .get("/", publicGate, async (c) => {
    const now = Date.now();
    // Display only: KV may lag the queue objects by a minute or more. Nothing here decides
    // anything; joining, admission and booking ask the cohort's object, and so does each cohort's own page.
    const cohorts = (await listedCohorts(c.env.COHORT_CONFIG)).map(({ config, controls }) => ({
      ...publicCohort(config, cohortPhase(config, now, controls), now),
      statusSource: "listing" as const,
    }));
    c.header("Cache-Control", CACHEABLE);
    return c.json({ cohorts, now: new Date(now).toISOString() });
  })
  .get("/:cohortId", publicGate, valid("param", cohortParams), knownCohort, async (c) => {
    const { cohortId } = c.req.valid("param");
    // From the edge's copies: every page load syncs its clock here, so the crowd must not reach the object.
    const described = await cohortAtEdge(c, cohortId);
    if (!described) throw new ApiError("cohort_not_found");
    c.header("Cache-Control", CACHEABLE);
    const { config, progress } = described;
    // The progress may be a second old; the clock a page syncs to is this request's.
    return c.json(publicCohort(config, progress.phase, Date.now(), progress.soldOut));
  })
  // Reads D1: rate-limited per client and kept in the location's Cache API for its max-age.
  .get(
    "/:cohortId/slots",
    publicGate,
    publicReadLimit,
    valid("param", cohortParams),
    valid("query", slotsQuery),
    knownCohort,
    edgeCached(["clinicId", "date"]),
    async (c) => {
      const { cohortId } = c.req.valid("param");
      const config = await cohortConfigAtEdge(c, cohortId);
      if (!config) throw new ApiError("cohort_not_found");
      const now = new Date().toISOString();
      const db = bookingDb(c.env.DB);
      const scope = { vaccines: config.vaccines, ...c.req.valid("query") };
      const [clinics, vaccines] = await Promise.all([listAvailability(db, now, scope), vaccineSchedules(db)]);
      c.header("Cache-Control", CACHEABLE);
      return c.json({ cohortId, vaccines: vaccines.filter((v) => !config.vaccines || config.vaccines.includes(v.id)), clinics, now });
    },
  );
