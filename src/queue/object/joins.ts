// Placing people in the queue: a place per person, before or after the opening, refused with a reason otherwise.

import { HUMAN_CHECK_NEEDED } from "../../copy/refusals";
import type { CohortConfig } from "../../domain/cohort-config";
import { type CohortPhase, cohortPhase, type OperatorControls } from "../../domain/cohort-phase";
import { checkEligibility, windowAdmitsBirthDate } from "../../domain/eligibility";
import { shuffleKey } from "../../domain/shuffle";
import { entryRow, reentryUntil, releasePlace } from "./entries";
import { refusal, refusalFor } from "./refusals";
import { rows, run } from "./sql";
import { countEvent } from "./stats";
import type { QueueRefusal } from "./types";

/** One person asking for a place. `birthDate` is for the eligibility check only and is never stored. */
export interface JoinRequest {
  identity: string;
  birthDate: string;
  /** The edge verified a Turnstile token for this request. */
  humanVerified: boolean;
}

/** What the queue object lends the join logic: its storage, config and position counter. */
export interface JoinHost {
  storage: DurableObjectStorage;
  config: CohortConfig;
  controls: OperatorControls;
  /** The highest position handed out; places are numbered on from it. */
  counters: { lastPosition: number };
  /** Persists `counters`; called inside the transaction that used them. */
  saveCounters(): void;
}

/** A join that got (or already had) a place, or was refused with a reason. */
export type Placement = { ok: true; identity: string } | QueueRefusal;

/**
 * Gives each request its one place, in the order given: the pre-queue before the opening, the back
 * of the line after it. A person who already has a place keeps it (and re-enters at the front once,
 * if their grant expired unused within the re-entry window). The same person twice in one batch,
 * or in two batches racing, still gets one place: every insert re-checks inside one transaction.
 */
export async function placeJoins(host: JoinHost, requests: readonly JoinRequest[], now: number): Promise<Placement[]> {
  const { storage, config } = host;
  const sql = storage.sql;
  const phase = cohortPhase(config, now, host.controls);
  const placements: Placement[] = new Array(requests.length);
  const newcomers: Array<{ index: number; identity: string }> = [];

  requests.forEach((request, index) => {
    const existing = entryRow(sql, request.identity);
    if (existing) {
      const until = reentryUntil(existing, config.reentryWindowSeconds);
      if (existing.state === "expired" && until !== null && now < until) {
        run(sql, "UPDATE entries SET state = 'waiting', front = 1, reentries = reentries + 1 WHERE identity = ?", request.identity);
      } else if (existing.state === "expired" && !refusalForNewcomer(config, phase, request, now)) {
        // The turn went unused and its one re-entry is used or past: joining again is a new place at the back.
        releasePlace(storage, request.identity, "expired", now);
        newcomers.push({ index, identity: request.identity });
        return;
      }
      placements[index] = { ok: true, identity: request.identity };
      return;
    }
    const refusal = refusalForNewcomer(config, phase, request, now);
    if (refusal) placements[index] = refusal;
    else newcomers.push({ index, identity: request.identity });
  });
  if (newcomers.length === 0 || phase.windowIndex === null) return placements;

  const seed = rows<{ seed: string }>(sql, "SELECT seed FROM shuffle_seeds WHERE window_index = ?", phase.windowIndex)[0]!.seed;
  const sortKeys = await Promise.all(newcomers.map((n) => shuffleKey(seed, n.identity)));
  const inPrequeue = phase.status === "prequeue";
  storage.transactionSync(() => {
    let placed = 0;
    newcomers.forEach(({ index, identity }, i) => {
      placements[index] = { ok: true, identity };
      // Another request for the same person may have been placed while the keys were computed.
      if (entryRow(sql, identity)) return;
      placed += 1;
      const position = inPrequeue ? null : ++host.counters.lastPosition;
      run(
        sql,
        "INSERT INTO entries (identity, window_index, joined_at, sort_key, position, state, via_prequeue) VALUES (?, ?, ?, ?, ?, ?, ?)",
        identity,
        phase.windowIndex,
        now,
        sortKeys[i]!,
        position,
        inPrequeue ? "prequeue" : "waiting",
        inPrequeue ? 1 : 0,
      );
    });
    host.saveCounters();
    countEvent(sql, now, "joined", placed);
  });
  return placements;
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
