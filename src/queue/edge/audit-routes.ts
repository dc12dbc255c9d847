import { Hono } from "hono";
import { z } from "zod";
import { AUDIT_INCOMPLETE } from "../../copy/errors";
import type { AppEnv } from "../../platform/app-env";
import { ApiError } from "../../platform/errors";
import { publicGate } from "../../platform/gates";
import { cohortParams } from "../../platform/params";
import { valid } from "../../platform/validate";
import { cohortQueue } from "../stubs";
import { knownCohort } from "./known-cohort";
import { edgeCached, publicReadLimit } from "./public-read";

const page = z.coerce.number().int().min(1).max(1000).default(1000);

/** How anyone recomputes a draw from the revealed seed, the shard count and the pre-queue's identity keys (`prequeueOrder`). */
const DRAW_ALGORITHM =
  "key = base64url(HMAC-SHA-256(key = seed, message = identityKey)); bucket = first 2 characters of key; shard = FNV-1a-32(identityKey) mod shards; " +
  "rotation = (charCode(bucket[0]) * 64 + charCode(bucket[1])) mod shards; position order = ascending (bucket, (shard - rotation) mod shards, key, identityKey), " +
  "from the window's firstPosition; commitment = base64url(SHA-256(seed))";

/** Windows and admissions move at most once an admission tick: a few seconds old is fine for an audit. */
const MOVING = "public, max-age=5";
/** A drawn pre-queue never changes again (joins after the opening go to the back of the line, not into it). */
const DRAWN = "public, max-age=86400, immutable";

/**
 * The public audit trail of a cohort's queue: each window's seed commitment (seed revealed after
 * the draw), the identity keys of its pre-queue, and admissions in position order. With these,
 * anyone can recompute the draw and check that nobody was admitted ahead of their place.
 *
 * Anyone may call, so none of it reaches the queue object per call: a made-up cohort is refused
 * from KV (`knownCohort`), each client address is rate-limited, and each answer is kept in the
 * location's Cache API for its `max-age`.
 */
export const auditRoutes = new Hono<AppEnv>()
  .get("/:cohortId/audit", publicGate, publicReadLimit, valid("param", cohortParams), knownCohort, edgeCached(), async (c) => {
    const queue = cohortQueue(c.env, c.req.valid("param").cohortId);
    const [windows, config] = await Promise.all([queue.auditWindows(), queue.getConfig()]);
    if (windows.length === 0 || !config) throw new ApiError("cohort_not_found");
    c.header("Cache-Control", MOVING);
    return c.json({
      algorithm: DRAW_ALGORITHM,
      shards: config.intake.shards,
      windows,
    });
  })
  .get(
    "/:cohortId/audit/windows/:windowIndex/prequeue",
    publicGate,
    publicReadLimit,
    valid("param", cohortParams.extend({ windowIndex: z.coerce.number().int().min(0).max(30) })),
    valid("query", z.object({ after: z.string().max(64).default(""), limit: page })),
    knownCohort,
    edgeCached(["after", "limit"]),
    async (c) => {
      const { cohortId, windowIndex } = c.req.valid("param");
      const { after, limit } = c.req.valid("query");
      const page = await cohortQueue(c.env, cohortId).auditPrequeue(windowIndex, after, limit);
      if (!page) throw new ApiError("unavailable", { detail: AUDIT_INCOMPLETE.en, detailKo: AUDIT_INCOMPLETE.ko });
      const { drawn, identities } = page;
      c.header("Cache-Control", drawn ? DRAWN : MOVING);
      return c.json({ windowIndex, identities, next: identities.length === limit ? identities.at(-1) : null });
    },
  )
  .get(
    "/:cohortId/audit/admissions",
    publicGate,
    publicReadLimit,
    valid("param", cohortParams),
    valid("query", z.object({ fromPosition: z.coerce.number().int().min(1).default(1), limit: page })),
    knownCohort,
    edgeCached(["fromPosition", "limit"]),
    async (c) => {
      const { fromPosition, limit } = c.req.valid("query");
      const admissions = await cohortQueue(c.env, c.req.valid("param").cohortId).auditAdmissions(fromPosition, limit);
      const last = admissions.at(-1);
      c.header("Cache-Control", MOVING);
      return c.json({ admissions, next: admissions.length === limit && last ? last.position + 1 : null });
    },
  );
