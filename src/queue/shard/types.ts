// What the cohort's object and its intake shards tell each other.
import type { CohortConfig } from "../../domain/cohort-config";
import type { LiveControls } from "../object/controls";
import type { QueueProgress, QueueRefusal } from "../object/types";

/** Which shard of which cohort: every call to a shard names it, so a fresh shard knows who it is. */
export interface ShardAddress {
  cohortId: string;
  shard: number;
}

/** What a shard needs to place people on its own: the config, the live switches and the windows' secret seeds. */
export interface ShardSnapshot {
  /** Grows with every saved config and control; a shard behind it asks again. */
  version: number;
  shards: number;
  config: CohortConfig;
  controls: LiveControls;
  /** Window index → the secret seed its pre-queue is shuffled with (revealed only after the draw). */
  seeds: Record<number, string>;
  /** The latest hold released: grants out then get back the time it took, once (null: none yet). */
  lastRelease: { heldSinceMs: number; releasedAtMs: number } | null;
}

/**
 * A shard's counters as it last reported them. `admitted` and `leftStep` only grow (grants given;
 * grants that left the booking step by a booking or an expiry), so the booking step is the sum of
 * their differences whatever order reports arrive in; `seq` orders the rest.
 */
export interface ShardReport {
  seq: number;
  admitted: number;
  leftStep: number;
  /** Grants that expired unused (part of `leftStep`). */
  expired: number;
  /** People back at the front after an unused grant, waiting for their re-entry grant. */
  reentering: number;
  /** When the first grant out in this shard expires; null: none out. */
  firstExpiry: number | null;
  /** The admission position this shard has given grants up to. */
  ackedThrough: number;
  /**
   * The latest batch of joins whose positions this shard has written (or whose refusal it took): a
   * range handed to a later batch is not written yet, whenever this report was sent.
   */
  writtenBatch: number;
  /** The latest admission push this shard took (its `tick`): the re-entry grants of every push up to it are in `admitted`. */
  tick: number;
}

/** One admission tick, as the cohort's object tells every shard. */
export interface AdmissionPush {
  /** Grows with every push, so a report says which pushes' grants it counts. */
  tick: number;
  version: number;
  admittedThrough: number;
  /** How many of its re-entering people this shard may admit now. */
  reentries: number;
  grantExpiresAtMs: number;
  /** The expiry of grants to places whose holder left a number for text messages (longer, so the text can arrive). */
  notifiedGrantExpiresAtMs: number;
  held: boolean;
}

/**
 * The positions the cohort's object gave a shard's batch of joins, or why it gave none. With them
 * comes the cohort's progress as of this answer, which the shard hands to the joins it answers: the
 * edge then shows a new place without reading the progress from the cohort's object too.
 */
export type Allocation = { ok: true; firstPosition: number; progress?: QueueProgress } | QueueRefusal;

/** A shard's pre-queue of one window, sealed at the opening: its members per bucket. */
export interface SealedPrequeue {
  size: number;
  /** Members by the minute they joined (minutes since the epoch), for the operators' series. */
  joinedByMinute: Record<number, number>;
}

/** A shard's counts for the operators' stats. */
export interface ShardCounts {
  prequeue: number;
  waiting: number;
  inBookingStep: number;
  reentering: number;
  /** The running totals of the refusals this shard counted, by code (the cohort's object counts what they grew by). */
  refusals: Record<string, number>;
}
