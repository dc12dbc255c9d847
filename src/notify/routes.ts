// Leaving a mobile number from the waiting page, seeing it masked, and removing it: the ticket is
// the credential, and the person's intake shard says whether the place may be told (it has a
// position and is still waiting). Also the fake outbox, for tests and the local demo only.
import { desc, eq } from "drizzle-orm";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { PHONE_PROBLEM } from "../copy/notify";
import { clientAddressKey } from "../domain/client-address";
import { type CohortConfig, cohortIdSchema } from "../domain/cohort-config";
import { shardOf } from "../domain/intake";
import { maskPhone, phoneField } from "../domain/phone";
import type { AppEnv } from "../platform/app-env";
import { ApiError } from "../platform/errors";
import { adminGate, claimsOf, ticketGate } from "../platform/gates";
import { cohortParams } from "../platform/params";
import { valid } from "../platform/validate";
import { cohortConfigAtEdge } from "../queue/edge/queue-edge";
import { intakeShard } from "../queue/stubs";
import { decryptPhone, encryptPhone } from "./phone-cipher";
import { canSend } from "./providers";
import { fakeOutbox } from "./schema";
import { deleteSubscription, findSubscription, notifyDb, saveSubscription } from "./store";

const subscribeBody = z
  .object({
    /** Checked in the handler, so the refusal says what to type in both languages. */
    phone: z.string().max(40),
    /** Also be told when seats return, if none are left while waiting. */
    seatsBack: z.boolean().default(true),
    /** The language of the messages. */
    lang: z.enum(["ko", "en"]).default("ko"),
  })
  .strict();

/** Numbers left per client address, right or wrong, like the other checks of personal numbers. */
const phoneThrottle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { success } = await c.env.PHONE_RATE_LIMITER.limit({ key: `phone:${clientAddressKey(c.req.header("CF-Connecting-IP"))}` });
  if (!success) throw new ApiError("rate_limited");
  await next();
};

/** The cohort's config if it offers text messages at all (its config says so, and there is a provider to send with). */
async function offered(c: Context<AppEnv>, cohortId: string): Promise<CohortConfig | null> {
  const config = await cohortConfigAtEdge(c, cohortId);
  return config?.notifications?.enabled === true && canSend(c.env) ? config : null;
}

/** Flags the person's place in their intake shard (or clears it): a flagged place's grant lasts longer. Answers the place. */
function setNotified(env: Env, config: CohortConfig, identity: string, on: boolean) {
  const address = { cohortId: config.id, shard: shardOf(identity, config.intake.shards) };
  return intakeShard(env, address).setNotified(identity, on, address);
}

/** Text messages for a place in line, under `/api/v1/cohorts`. */
export const notifyRoutes = new Hono<AppEnv>()
  .get("/:cohortId/queue/notify", valid("param", cohortParams), ticketGate, async (c) => {
    const { cohortId } = c.req.valid("param");
    const ticket = claimsOf(c, "ticket");
    c.header("Cache-Control", "no-store");
    if (!(await offered(c, cohortId))) return c.json({ available: false, reason: "not_offered", subscribed: false });
    const row = await findSubscription(notifyDb(c.env.DB), cohortId, ticket.sub);
    const phone = row && (await decryptPhone(c.env.PHONE_KEY, { cohortId, identity: ticket.sub }, row.phone));
    if (row && phone) return c.json({ available: true, subscribed: true, phone: maskPhone(phone), seatsBack: row.seatsBack });
    // Before the draw a place has no number in line yet: the page says it becomes available at the opening.
    if (ticket.pos === null) return c.json({ available: false, reason: "at_opening", subscribed: false });
    return c.json({ available: true, subscribed: false });
  })
  .put("/:cohortId/queue/notify", valid("param", cohortParams), ticketGate, phoneThrottle, valid("json", subscribeBody), async (c) => {
    const { cohortId } = c.req.valid("param");
    const { seatsBack, lang, ...typed } = c.req.valid("json");
    const read = phoneField.safeParse(typed.phone);
    if (!read.success) throw new ApiError("invalid_input", { detail: `phone: ${PHONE_PROBLEM.en}`, detailKo: PHONE_PROBLEM.ko });
    const phone = read.data;
    const identity = claimsOf(c, "ticket").sub;
    const config = await offered(c, cohortId);
    if (!config) throw new ApiError("notify_unavailable");
    const entry = await setNotified(c.env, config, identity, true);
    if (entry?.state !== "waiting" || entry.position === null) throw new ApiError("notify_unavailable");
    await saveSubscription(notifyDb(c.env.DB), {
      cohortId,
      position: entry.position,
      identityKey: identity,
      phone: await encryptPhone(c.env.PHONE_KEY, { cohortId, identity }, phone),
      lang,
      timeZone: config.timeZone,
      seatsBack,
      createdAt: Date.now(),
      expiresAt: Math.max(...config.windows.map((w) => Date.parse(w.closesAt))),
    });
    c.header("Cache-Control", "no-store");
    return c.json({ available: true, subscribed: true, phone: maskPhone(phone), seatsBack });
  })
  .delete("/:cohortId/queue/notify", valid("param", cohortParams), ticketGate, async (c) => {
    const { cohortId } = c.req.valid("param");
    const identity = claimsOf(c, "ticket").sub;
    await deleteSubscription(notifyDb(c.env.DB), cohortId, identity);
    const config = await cohortConfigAtEdge(c, cohortId);
    if (config) await setNotified(c.env, config, identity, false);
    c.header("Cache-Control", "no-store");
    return c.json({ available: true, subscribed: false });
  });

const outboxQuery = z.object({ cohortId: cohortIdSchema }).strict();

/** What the fake provider recorded, for tests and the local demo; 404 wherever a real provider sends. */
export const notifyAdminRoutes = new Hono<AppEnv>().get("/notify/fake-outbox", adminGate, valid("query", outboxQuery), async (c) => {
  if (c.env.NOTIFY_PROVIDER !== "fake") throw new ApiError("not_found");
  const { cohortId } = c.req.valid("query");
  const rows = await notifyDb(c.env.DB)
    .select()
    .from(fakeOutbox)
    .where(eq(fakeOutbox.cohortId, cohortId))
    .orderBy(desc(fakeOutbox.seq))
    .limit(500);
  return c.json({ messages: rows.reverse() });
});
