import type { CohortQueue } from "./object/cohort-queue";
import type { IntakeShard } from "./shard/intake-shard";
import type { ShardAddress } from "./shard/types";

/** The queue object of a cohort: one per cohort id, worldwide. */
export function cohortQueue(env: Env, cohortId: string): DurableObjectStub<CohortQueue> {
  return env.COHORT_QUEUE.get(env.COHORT_QUEUE.idFromName(cohortId));
}

/** One of a cohort's intake shards (`src/queue/shard`). */
export function intakeShard(env: Env, address: ShardAddress): DurableObjectStub<IntakeShard> {
  return env.INTAKE_SHARD.get(env.INTAKE_SHARD.idFromName(`${address.cohortId}:${address.shard}`));
}
