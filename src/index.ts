import { app } from "./app";
import { pruneIdChecks } from "./bookings/d1/id-checks";
import { bookingDb } from "./bookings/d1/store";
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
  /**
   * The cron of wrangler.toml: numbers left for text messages go once their cohort's last window
   * has closed, and national ID checks once they are too old to count. Each runs even if the other fails.
   */
  async scheduled(_controller, env, _ctx) {
    const now = Date.now();
    const [purged, pruned] = await Promise.allSettled([purgeClosedCohorts(env, now), pruneIdChecks(bookingDb(env.DB), now)]);
    if (pruned.status === "fulfilled" && pruned.value > 0) console.log("ID checks deleted once too old to count", { count: pruned.value });
    for (const outcome of [purged, pruned]) if (outcome.status === "rejected") throw outcome.reason;
  },
} satisfies ExportedHandler<Env>;
