import { Hono } from "hono";
import { z } from "zod";
import { bookingDb } from "../bookings/d1/db";
import { idCheckStats } from "../bookings/d1/id-checks";
import { controlCommandSchema } from "../domain/controls";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { publishCohort } from "../queue/edge/listing";
import { flushEdgeRefusals } from "../queue/edge/refusal-counts";
import type { QueueStats } from "../queue/object/stats";
import { cohortQueue } from "../queue/stubs";
import { StatsPanel } from "./dashboard/stats-panel";
import { operatorHeaders, operatorName } from "./operator";

/** The panel's language, as the no-store pages take it: Korean unless `?lang=en`. */
const panelQuery = z.object({ lang: z.enum(["ko", "en"]).default("ko") });

/** Steering and watching a cohort during an opening, without a redeploy. */
export const adminLiveRoutes = new Hono<AppEnv>()
  .post(
    "/cohorts/:cohortId/controls",
    adminGate,
    valid("param", cohortParams),
    valid("header", operatorHeaders),
    valid("json", controlCommandSchema),
    async (c) => {
      const { cohortId } = c.req.valid("param");
      const command = c.req.valid("json");
      const queue = cohortQueue(c.env, cohortId);
      const config = await queue.getConfig();
      if (!config) throw new ApiError("cohort_not_found");
      const controls = await queue.control(command, { operator: operatorName(c), ...(command.reason ? { reason: command.reason } : {}) });
      // The object has it already; the listing follows for display.
      await publishCohort(c.env.COHORT_CONFIG, config, controls);
      return c.json({ cohortId, controls });
    },
  )
  .get(
    "/cohorts/:cohortId/controls",
    adminGate,
    valid("param", cohortParams),
    valid("query", z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) })),
    async (c) => {
      const log = await cohortQueue(c.env, c.req.valid("param").cohortId).operatorLog(c.req.valid("query").limit);
      return c.json({ controls: log.controls, log: log.controlLog });
    },
  )
  .get("/cohorts/:cohortId/stats", adminGate, valid("param", cohortParams), async (c) => {
    const { cohortId } = c.req.valid("param");
    const [stats, idChecks] = await Promise.all([statsOf(c.env, cohortId), idCheckStats(bookingDb(c.env.DB), cohortId, Date.now())]);
    c.header("Cache-Control", "no-store");
    return c.json({ cohortId, ...stats, idChecks });
  })
  .get("/cohorts/:cohortId/stats/panel", adminGate, valid("param", cohortParams), valid("query", panelQuery), async (c) => {
    const { cohortId } = c.req.valid("param");
    const { lang } = c.req.valid("query");
    const [stats, idChecks] = await Promise.all([statsOf(c.env, cohortId), idCheckStats(bookingDb(c.env.DB), cohortId, Date.now())]);
    c.header("Cache-Control", "no-store");
    return c.html(<StatsPanel cohortId={cohortId} stats={stats} idChecks={idChecks} lang={lang} />);
  });

/** A cohort's stats from its object, with this isolate's unsent edge refusals sent first. */
async function statsOf(env: Env, cohortId: string): Promise<QueueStats> {
  await flushEdgeRefusals(env, cohortId);
  const stats = await cohortQueue(env, cohortId).stats();
  if (!stats) throw new ApiError("cohort_not_found");
  return stats;
}
