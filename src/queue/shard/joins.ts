// Placing people in the queue: a place per person, before or after the opening, refused with a reason otherwise.

import { HUMAN_CHECK_NEEDED } from "../../copy/refusals";
import type { CohortConfig } from "../../domain/cohort-config";
import { type CohortPhase, cohortPhase, type OperatorControls } from "../../domain/cohort-phase";
import { checkEligibility, windowAdmitsBirthDate } from "../../domain/eligibility";
import { drawBucket } from "../../domain/intake";
import { shuffleKey } from "../../domain/shuffle";
import { refusal, refusalFor } from "../object/refusals";
import { run } from "../object/sql";
import type { QueueRefusal } from "../object/types";
import { entryRow, reentryUntil, releasePlace } from "./entries";

/** One person asking for a place. `birthDate` is for the eligibility check only and is never stored. */
export interface JoinRequest {
  identity: string;
  birthDate: string;
  /** The edge verified a Turnstile token for this request. */
  humanVerified: boolean;
}

/** What the shard lends the join logic: its storage, the cohort's config and switches, and its batches. */
export interface JoinHost {
  storage: DurableObjectStorage;
  config: CohortConfig;
  controls: OperatorControls;
  /** Whether a window's pre-queue was sealed at its opening (no one joins it after that). */
  isSealed(windowIndex: number): boolean;
  /** The secret seed a window's pre-queue is shuffled with. */
  seedOf(windowIndex: number): string;
  /** The batch that joins after the opening go into, and the next rank in it; call inside the transaction that inserts. */
  batchSlot(): { batch: number; rank: number };
}

/** A join that got (or already had) a place, or was refused with a reason. */
export type Placement = { ok: true; identity: string } | QueueRefusal;

/**
 * Gives each request its one place, in the order given: the pre-queue before the opening (counted
 * per draw bucket), a batch waiting for positions after it. A person who already has a place keeps
 * it (and re-enters at the front once, if their grant expired unused within the re-entry window).
 * The same person twice in one batch, or in two batches racing, still gets one place: every insert
 * re-checks inside one transaction. Returns the placements and the batches the caller must wait for
 * before answering (their places get positions when the batch comes back from the cohort's object).
 */
export async function placeJoins(
  host: JoinHost,
  requests: readonly JoinRequest[],
  now: number,
): Promise<{ placements: Placement[]; batches: Set<number>; reentered: boolean }> {
  const { storage, config } = host;
  const sql = storage.sql;
  const phase = cohortPhase(config, now, host.controls);
  const placements: Placement[] = new Array(requests.length);
  const batches = new Set<number>();
  const newcomers: Array<{ index: number; identity: string }> = [];
  let reentered = false;

  requests.forEach((request, index) => {
    const existing = entryRow(sql, request.identity);
    if (existing) {
      const until = reentryUntil(existing, config.reentryWindowSeconds);
      if (existing.state === "expired" && until !== null && now < until) {
        run(sql, "UPDATE entries SET state = 'waiting', front = 1, reentries = reentries + 1 WHERE identity = ?", request.identity);
        reentered = true;
      } else if (existing.state === "expired" && !refusalForNewcomer(config, phase, request, now)) {
        // The turn went unused and its one re-entry is used or past: joining again is a new place at the back.
        releasePlace(storage, request.identity, "expired", now);
        newcomers.push({ index, identity: request.identity });
        return;
      }
      if (existing.batch !== null) batches.add(existing.batch);
      placements[index] = { ok: true, identity: request.identity };
      return;
    }
    const refusal = refusalForNewcomer(config, phase, request, now);
    if (refusal) placements[index] = refusal;
    else newcomers.push({ index, identity: request.identity });
  });
  if (newcomers.length === 0 || phase.windowIndex === null) return { placements, batches, reentered };
  const windowIndex = phase.windowIndex;

  // Only the pre-queue needs shuffle keys; after the opening the order is arrival order.
  const inPrequeue = phase.status === "prequeue" && !host.isSealed(windowIndex);
  const seed = host.seedOf(windowIndex);
  const sortKeys = inPrequeue ? await Promise.all(newcomers.map((n) => shuffleKey(seed, n.identity))) : [];
  storage.transactionSync(() => {
    // The pre-queue may have been sealed while the keys were computed: then these join after the opening.
    const prequeue = inPrequeue && !host.isSealed(windowIndex);
    newcomers.forEach(({ index, identity }, i) => {
      placements[index] = { ok: true, identity };
      // Another request for the same person may have been placed while the keys were computed.
      const placed = entryRow(sql, identity);
      if (placed) {
        if (placed.batch !== null) batches.add(placed.batch);
        return;
      }
      if (prequeue) {
        const key = sortKeys[i]!;
        run(
          sql,
          "INSERT INTO entries (identity, window_index, joined_at, sort_key, state, via_prequeue) VALUES (?, ?, ?, ?, 'prequeue', 1)",
          identity,
          windowIndex,
          now,
          key,
        );
        run(
          sql,
          "INSERT INTO prequeue_buckets (window_index, bucket, n) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1",
          windowIndex,
          drawBucket(key),
        );
        run(
          sql,
          "INSERT INTO prequeue_minutes (window_index, minute, n) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1",
          windowIndex,
          Math.floor(now / 60_000),
        );
        return;
      }
      const slot = host.batchSlot();
      batches.add(slot.batch);
      run(
        sql,
        "INSERT INTO entries (identity, window_index, joined_at, sort_key, state, batch, batch_rank) VALUES (?, ?, ?, '', 'waiting', ?, ?)",
        identity,
        windowIndex,
        now,
        slot.batch,
        slot.rank,
      );
    });
  });
  return { placements, batches, reentered };
}

/** Why someone without a place may not get one now, or null when they may. */
function refusalForNewcomer(config: CohortConfig, phase: CohortPhase, request: JoinRequest, now: number): QueueRefusal | null {
  if (config.turnstile.required && !request.humanVerified) {
    return refusal("turnstile_required", HUMAN_CHECK_NEEDED);
  }
  const verdict = checkEligibility(config, request.birthDate, now);
  if (verdict.eligible === false && (verdict.reason === "too_old" || verdict.reason === "too_young")) {
    return refusalFor(config, verdict.reason);
  }
  if (phase.windowIndex === null) return refusalFor(config, "closed");
  const window = config.windows[phase.windowIndex]!;
  if (phase.status === "upcoming") return refusalFor(config, "not_open_yet", window.opensAt);
  if (!windowAdmitsBirthDate(window, request.birthDate)) {
    return refusalFor(config, "not_your_day", verdict.eligible ? undefined : verdict.opensAt);
  }
  return null;
}
