// Path parameters shared by every cohort route.
import { z } from "zod";
import { cohortIdSchema } from "../domain/cohort-config";

/** `:cohortId` in a path: a cohort id, or a clear refusal. */
export const cohortParams = z.object({ cohortId: cohortIdSchema });
