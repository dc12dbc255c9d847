import { app } from "./app";
import { purgeClosedCohorts } from "./notify/cleanup";
import { consumeNotifications } from "./notify/consumer";

export { CohortQueue } from "./queue/object/cohort-queue";
export { IntakeShard } from "./queue/shard/intake-shard";

export default {
  fetch: app.fetch,
  /** Text messages: the notification queue and its dead-letter queue (src/notify/consumer.ts). */
  async queue(batch, env, _ctx) {
    await consumeNotifications(batch, env);
  },
  /** The cron of wrangler.toml: numbers left for text messages go once their cohort's last window has closed. */
  async scheduled(_controller, env, _ctx) {
    await purgeClosedCohorts(env, Date.now());
  },
} satisfies ExportedHandler<Env>;
