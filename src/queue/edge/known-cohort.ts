// Public cohort routes pass this before anything reaches the cohort's queue object.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import { cohortExists } from "./listing";

/**
 * Refuses a cohort id that KV has never listed with `cohort_not_found`, before any queue object
 * is reached: a made-up id must create no object and no storage. Place it after the path is
 * validated. Existence only: what the cohort allows is decided by its object, on its own copy.
 */
export const knownCohort: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cohortId = c.req.param("cohortId");
  if (!cohortId || !(await cohortExists(c.env.COHORT_CONFIG, cohortId))) throw new ApiError("cohort_not_found");
  await next();
};
