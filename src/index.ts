import { app } from "./app";

export { CohortQueue } from "./queue/object/cohort-queue";

export default app satisfies ExportedHandler<Env>;
