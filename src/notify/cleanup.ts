// The scheduled cleanup: a number is kept at most until its cohort's last window closes.
import { notifyDb, purgeExpired } from "./store";

/** Deletes the numbers (and send records) of every cohort whose last window has closed by `nowMs`. */
export async function purgeClosedCohorts(env: Env, nowMs: number): Promise<void> {
  const deleted = await purgeExpired(notifyDb(env.DB), nowMs);
  if (deleted > 0) console.log("notification numbers deleted after their cohorts closed", { count: deleted });
}
