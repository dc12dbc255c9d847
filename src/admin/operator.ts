import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import type { SaveOutcome } from "../queue/object/config-versions";

const flag = z.enum(["", "0", "1", "true", "false"]).transform((v) => v !== "0" && v !== "false");

/** The query of a config change: `dryRun`, `force` with a `reason`, `expectedVersion`, and a `population` for the dry run. */
export const changeQuery = z
  .object({
    dryRun: flag.optional(),
    force: flag.optional(),
    reason: z.string().trim().min(3).max(500).optional(),
    population: z.coerce.number().int().min(0).max(100_000_000).optional(),
    /** Save only if the saved version is still this one (as read with GET), so two operators cannot overwrite each other unknowingly. */
    expectedVersion: z.coerce.number().int().min(0).optional(),
  })
  .refine((q) => !q.force || q.reason !== undefined, { message: "force=1 needs a reason (3-500 characters)", path: ["reason"] });

/** Who is acting: the `X-Operator` header, recorded with every version and control. */
export const operatorHeaders = z.object({ "x-operator": z.string().trim().min(1).max(100).optional() });

/** The operator's name from the validated header; every operator shares the admin token, so this is what the audit shows. */
export function operatorName(c: Context<AppEnv>): string {
  return c.req.header("X-Operator")?.trim() || "(unnamed)";
}

/** The refusal for a config change the queue object did not accept. */
export function refusedChange(outcome: Exclude<SaveOutcome, { ok: true }>, where = ""): ApiError {
  if (outcome.reason === "stale") {
    return new ApiError("config_conflict", {
      detail: `${where}The config changed meanwhile (now version ${outcome.currentVersion}); read it again and retry.`,
      details: { currentVersion: outcome.currentVersion },
    });
  }
  return new ApiError("config_conflict", {
    detail: `${where}${outcome.violations.map((v) => `${v.path}: ${v.message}`).join(" ")} Repeat with ?force=1&reason=... to override.`,
    details: { currentVersion: outcome.currentVersion, violations: outcome.violations },
  });
}
