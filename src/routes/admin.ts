import { Hono } from "hono";
import { z } from "zod";
import { bookingDb, isConstraintError, loadSupply } from "../bookings/store";
import { cohortConfigSchema } from "../config/cohort";
import type { AppEnv } from "../http/app-env";
import { ApiError } from "../http/errors";
import { adminGate } from "../http/gates";
import { describeIssues, valid } from "../http/validate";
import { cohortQueue } from "../queue/stub";
import { cohortParams } from "./cohorts";

const instant = z.iso.datetime({ offset: true });
const supplyBody = z
  .object({
    clinics: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]{1,64}$/),
          nameKo: z.string().min(1).max(200),
          nameEn: z.string().min(1).max(200),
          region: z.string().min(1).max(100),
          address: z.string().min(1).max(300),
        }),
      )
      .max(10_000)
      .default([]),
    slots: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-zA-Z0-9-_:.]{1,100}$/),
            clinicId: z.string().min(1),
            startsAt: instant,
            endsAt: instant,
            capacity: z.number().int().min(0).max(100_000),
          })
          .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: "endsAt must be after startsAt", path: ["endsAt"] }),
      )
      .max(50_000)
      .default([]),
  })
  .strict();

/** KV key of a cohort's saved config. */
export function cohortConfigKey(cohortId: string): string {
  return `cohort:${cohortId}`;
}

/** Operator API: every route behind the admin token. */
export const adminRoutes = new Hono<AppEnv>()
  .put("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const { cohortId } = c.req.valid("param");
    const raw = await c.req.json().catch(() => {
      throw new ApiError("invalid_input", { detail: "The body must be JSON." });
    });
    const parsed = cohortConfigSchema.safeParse({ id: cohortId, ...(raw as object) });
    if (!parsed.success) {
      throw new ApiError("invalid_input", {
        detail: `Invalid cohort config: ${describeIssues(parsed.error)}`,
        details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    if (parsed.data.id !== cohortId) throw new ApiError("invalid_input", { detail: "id: must match the cohort id in the path" });
    const config = parsed.data;
    // The queue object's copy is authoritative; KV feeds listings that tolerate staleness.
    await cohortQueue(c.env, cohortId).configure(config);
    await c.env.COHORT_CONFIG.put(cohortConfigKey(cohortId), JSON.stringify(config));
    return c.json({ cohort: config });
  })
  .get("/cohorts/:cohortId", adminGate, valid("param", cohortParams), async (c) => {
    const config = await cohortQueue(c.env, c.req.valid("param").cohortId).getConfig();
    if (!config) throw new ApiError("cohort_not_found");
    return c.json({ cohort: config });
  })
  .put("/supply", adminGate, valid("json", supplyBody), async (c) => {
    const load = c.req.valid("json");
    try {
      await loadSupply(bookingDb(c.env.DB), load);
    } catch (error) {
      if (isConstraintError(error, "FOREIGN KEY")) {
        throw new ApiError("invalid_input", { detail: "slots: a slot names a clinic that does not exist; nothing was loaded." });
      }
      throw error;
    }
    return c.json({ clinics: load.clinics.length, slots: load.slots.length });
  });
