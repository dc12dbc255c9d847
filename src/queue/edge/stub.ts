import type { CohortQueue } from "../object/cohort-queue";

/** The queue object of a cohort: one per cohort id, worldwide. */
export function cohortQueue(env: Env, cohortId: string): DurableObjectStub<CohortQueue> {
  return env.COHORT_QUEUE.get(env.COHORT_QUEUE.idFromName(cohortId));
}
