import { app } from "./app";

export { CohortQueue } from "./queue/object/cohort-queue";
export { IntakeShard } from "./queue/shard/intake-shard";

export default app satisfies ExportedHandler<Env>;
