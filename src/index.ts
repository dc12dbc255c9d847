import { app } from "./app";

export { CohortQueue } from "./queue/cohort-queue";

export default app satisfies ExportedHandler<Env>;
