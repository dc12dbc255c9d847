// The Durable Object class of one intake shard: the places of the people whose identity names it.
import { DurableObject } from "cloudflare:workers";
import type { CohortConfig } from "../../domain/cohort-config";
import type { CountPage } from "../../domain/draw-steps";
import { shardOf } from "../../domain/intake";
import { countInvocations, invocationsOf, type QueueLoad } from "../object/load-meter";
import { readMeta, rows, run, writeMeta } from "../object/sql";
import type { EntryView, QueueProgress, QueueRefusal } from "../object/types";
import { cohortQueue } from "../stubs";
import { beginDraw, bucketCountsPage, drawChunk, drawnIdentities, isSealed, sealPrequeue } from "./draw";
import { countInBookingStep, countReentering, entryRow, entryView, firstPassExpiry, releasedView, releasePlace } from "./entries";
import { flagNotified, grantAdmitted } from "./grants";
import { type JoinRequest, placeJoins } from "./joins";
import { type BatchResult, PositionBatches, writeBatchPositions } from "./position-batches";
import { RefusalBuffer } from "./refusal-buffer";
import { migrateShard } from "./schema";
import type { AdmissionPush, SealedPrequeue, ShardAddress, ShardCounts, ShardReport, ShardSnapshot } from "./types";

/**
 * A join's outcome at the shard: the place or a refusal. A place that waited for its positions
 * comes with the progress the cohort's object answered them with (the edge keeps it, and reads the
 * progress itself only when none came).
 */
export type ShardJoinOutcome = { ok: true; entry: EntryView; progress?: QueueProgress } | QueueRefusal;

/** The cumulative counters a shard reports (see `ShardReport`). */
interface Counters {
  seq: number;
  admitted: number;
  leftStep: number;
  expired: number;
  ackedThrough: number;
  batch: number;
  /** The latest batch whose positions are written (or whose places were dropped on a refusal). */
  writtenBatch: number;
  holdShiftedFor: number | null;
  /** The latest admission push taken. */
  tick: number;
}

/** A failed batch of joins is sent again this long after, even if nobody asks. */
const BATCH_RETRY_MS = 1000;

/**
 * One of a cohort's intake shards. People are spread over the shards by their identity key
 * (`shardOf`), so a person always reaches the same shard and one place per person stays exact. A
 * shard places its joins, asks the cohort's object for a range of positions per batch, gives grants
 * when the cohort's object says admission reached them, and checks grants at booking. The cohort's
 * object does a constant amount of work per call, whatever the crowd.
 */
export class IntakeShard extends DurableObject<Env> {
  #address: ShardAddress | null = null;
  #snapshot: ShardSnapshot | null = null;
  #counters: Counters = {
    seq: 0,
    admitted: 0,
    leftStep: 0,
    expired: 0,
    ackedThrough: 0,
    batch: 0,
    writtenBatch: 0,
    holdShiftedFor: null,
    tick: 0,
  };
  #batches: PositionBatches;
  /** The progress the latest range came with (in memory only: the next range brings another). */
  #rangeProgress: QueueProgress | null = null;
  #snapshotLoading: Promise<ShardSnapshot | null> | null = null;
  /** Refusals counted here, as running totals the cohort's object takes the growth of (restored from storage at start). */
  #refusals = new RefusalBuffer(
    async (totals) => {
      if (this.#address) await cohortQueue(this.env, this.#address.cohortId).recordShardRefusals(this.#address.shard, totals);
    },
    (totals) => writeMeta(this.#sql, "refusalTotals", totals),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const pinned = (env as { INTAKE_FLUSH_MS?: string }).INTAKE_FLUSH_MS;
    const flushMs = pinned === undefined || pinned === "" ? null : Number(pinned);
    this.#batches = new PositionBatches(
      {
        lowestPending: () => this.#lowestPendingBatch(),
        isPending: (batch) => rows(this.#sql, "SELECT 1 FROM entries WHERE batch = ? LIMIT 1", batch).length > 0,
        send: (batch) => this.#sendBatch(batch),
        retryLater: () => void this.ctx.storage.setAlarm(Date.now() + BATCH_RETRY_MS),
      },
      // The cohort's setting, unless the deployment pins it (the tests pin 0: no wait between batches).
      () => flushMs ?? this.#snapshot?.config.intake.flushMs ?? 400,
    );
    ctx.blockConcurrencyWhile(async () => {
      migrateShard(ctx.storage);
      this.#refusals.restore(readMeta<Record<string, number>>(this.#sql, "refusalTotals") ?? {});
      this.#address = readMeta<ShardAddress>(this.#sql, "address");
      this.#snapshot = readMeta<ShardSnapshot>(this.#sql, "snapshot");
      const stored = readMeta<Partial<Counters>>(this.#sql, "counters");
      this.#counters = { ...this.#counters, ...stored };
      // Counters kept before `writtenBatch` existed: every batch before the lowest still waiting was written.
      if (stored && stored.writtenBatch === undefined) {
        this.#counters.writtenBatch = (this.#lowestPendingBatch() ?? this.#counters.batch + 1) - 1;
      }
      // Joins placed before an eviction whose batch never came back: send it again.
      if (this.#lowestPendingBatch() !== null) await ctx.storage.setAlarm(Date.now());
    });
  }

  /** Places a batch of joins (gathered per isolate at the edge): one answer per request, in order. */
  async joinMany(requests: JoinRequest[], address: ShardAddress): Promise<ShardJoinOutcome[] | null> {
    const snapshot = await this.#ready(address);
    if (!snapshot) return null;
    const now = Date.now();
    this.#expireGrants(now);
    const wrongShard = requests.find((r) => shardOf(r.identity, snapshot.shards) !== address.shard);
    if (wrongShard) throw new Error("a join reached a shard its identity does not name");
    const { placements, batches, reentered } = await placeJoins(this.#joinHost(snapshot), requests, now);
    const refused = new Map<number, BatchResult>();
    await Promise.all([...batches].map(async (b) => refused.set(b, await this.#batches.whenPlaced(b))));
    // As new as the ranges these joins waited for, or newer (batches are answered in order).
    const progress = batches.size > 0 && this.#rangeProgress ? { progress: this.#rangeProgress } : {};
    const outcomes = placements.map((p): ShardJoinOutcome => {
      if (!p.ok) return p;
      const row = entryRow(this.#sql, p.identity);
      if (!row) {
        const refusal = [...refused.values()].find((r) => r !== null);
        return refusal ?? { ok: true, entry: releasedView(this.#sql, p.identity) ?? closedView() };
      }
      return { ok: true, entry: entryView(row, snapshot.config.reentryWindowSeconds), ...progress };
    });
    await this.#refusals.count(outcomes);
    // Admission must hear of a re-entry to tick for it; if it cannot now, the shard's alarm tells it.
    if (reentered) await this.#report().catch(() => this.ctx.storage.setAlarm(Date.now() + BATCH_RETRY_MS));
    return outcomes;
  }

  /** The places of a batch of identities (null for one that never joined), in order. */
  async statusMany(identities: string[], address: ShardAddress): Promise<Array<EntryView | null> | null> {
    const snapshot = await this.#ready(address);
    if (!snapshot) return null;
    this.#expireGrants(Date.now());
    return identities.map((identity) => this.#entry(identity, snapshot.config));
  }

  /** Flags a waiting place whose holder left a number for texts (its grant lasts longer), or clears it; answers the place. */
  async setNotified(identity: string, on: boolean, address: ShardAddress): Promise<EntryView | null> {
    const snapshot = await this.#ready(address);
    if (snapshot) flagNotified(this.#sql, identity, on);
    return snapshot && this.#entry(identity, snapshot.config);
  }

  /** Whether this grant is the one issued to this person (`issued`) and still live (`live`), on the server clock. */
  async checkGrant(identity: string, grantId: string, address: ShardAddress): Promise<{ issued: boolean; live: boolean }> {
    await this.#ready(address);
    const now = Date.now();
    this.#expireGrants(now);
    const row = entryRow(this.#sql, identity);
    const issued = row !== null && row.grant_id === grantId;
    const live = issued && (row.state === "booked" || (row.state === "admitted" && (row.grant_expires_at ?? 0) > now));
    return { issued, live };
  }

  /** The person's booking committed: their share of the booking step is freed; the counters come back for the cohort's object. */
  async markBooked(identity: string, address: ShardAddress): Promise<{ booked: boolean; report: ShardReport }> {
    await this.#ready(address);
    const now = Date.now();
    this.#expireGrants(now);
    const was = this.ctx.storage.transactionSync(() => {
      const state = entryRow(this.#sql, identity)?.state;
      run(
        this.#sql,
        "UPDATE entries SET state = 'booked', booked_at = ? WHERE identity = ? AND state IN ('admitted', 'expired')",
        now,
        identity,
      );
      if (state === "admitted") this.#bump({ leftStep: 1 });
      return state;
    });
    return { booked: was === "admitted" || was === "expired", report: this.#nextReport() };
  }

  /** A cancelled booking gives its place up (kept for the audit); the person may join again at the back. */
  async releasePlace(identity: string, address: ShardAddress): Promise<boolean> {
    await this.#ready(address);
    return releasePlace(this.ctx.storage, identity, "booked", Date.now());
  }

  /** An admission tick of the cohort's object: grants for everyone admission reached; the counters come back. */
  async admit(push: AdmissionPush, address: ShardAddress): Promise<ShardReport> {
    const snapshot = await this.#ready(address, push.version);
    const now = Date.now();
    if (snapshot) this.#expireGrants(now);
    this.ctx.storage.transactionSync(() => {
      // A hold that reached this shard after the tick was sent stops it too.
      const held = push.held || snapshot?.controls.held === true;
      const granted = held ? 0 : grantAdmitted(this.#sql, push.admittedThrough, push.reentries, now, push);
      this.#bump({ admitted: granted });
      this.#counters.ackedThrough = Math.max(this.#counters.ackedThrough, push.admittedThrough);
      this.#counters.tick = Math.max(this.#counters.tick, push.tick);
      writeMeta(this.#sql, "counters", this.#counters);
    });
    return this.#nextReport();
  }

  /** A new config or switch: the cohort's object hands its snapshot on at once. */
  async receiveSnapshot(snapshot: ShardSnapshot, address: ShardAddress): Promise<void> {
    this.#remember(address);
    // Grants already due expire under the old switches, before a hold can freeze them.
    this.#expireGrants(Date.now());
    this.#adopt(snapshot);
  }

  /** The opening: this shard's pre-queue of the window is sealed, and its size comes back. */
  async sealPrequeue(windowIndex: number, address: ShardAddress): Promise<SealedPrequeue> {
    this.#remember(address);
    return sealPrequeue(this.ctx.storage, windowIndex, Date.now());
  }

  /** A page of the sealed pre-queue's members per bucket: the next `limit` buckets after `after`, for the draw. */
  async drawCounts(windowIndex: number, after: string, limit: number, address: ShardAddress): Promise<CountPage> {
    this.#remember(address);
    return bucketCountsPage(this.#sql, windowIndex, after, limit);
  }

  /**
   * Numbers the next `limit` of the window's pre-queue from where each bucket it reaches starts
   * (`offsets`, sent with each step for the buckets the step may reach); the first bucket left comes back (null: done).
   */
  async drawChunk(windowIndex: number, offsets: Record<string, number>, address: ShardAddress, limit: number): Promise<string | null> {
    this.#remember(address);
    return this.ctx.storage.transactionSync(() => {
      // A bucket sent again (a lost answer, a step that did not finish it) keeps its place.
      beginDraw(this.#sql, windowIndex, offsets);
      return drawChunk(this.#sql, windowIndex, limit);
    });
  }

  /** A page of the identity keys drawn in a window's pre-queue (places given up since included), in key order. */
  async prequeueIdentities(windowIndex: number, after: string, limit: number): Promise<string[]> {
    return drawnIdentities(this.#sql, windowIndex, after, limit);
  }

  /** This shard's counts for the operators' stats (bounded index ranges). */
  async counts(): Promise<ShardCounts> {
    this.#expireGrants(Date.now());
    const n = (query: string) => rows<{ n: number }>(this.#sql, query)[0]!.n;
    return {
      prequeue: n("SELECT count(*) AS n FROM entries WHERE state = 'prequeue'"),
      waiting: n("SELECT count(*) AS n FROM entries WHERE state = 'waiting'"),
      inBookingStep: countInBookingStep(this.#sql),
      reentering: countReentering(this.#sql),
      refusals: this.#refusals.totals(),
    };
  }

  /** The invocations this shard received since it started, by method (this call is not counted). */
  async load(): Promise<QueueLoad> {
    return invocationsOf(this);
  }

  /** Sends batches of joins that did not come back (after an eviction or a failed call), and a re-entry report that did not go. */
  override async alarm(): Promise<void> {
    if (!this.#address || !this.#snapshot) return;
    await this.#batches.flush();
    if (countReentering(this.#sql) > 0) await this.#report();
  }

  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  #joinHost(snapshot: ShardSnapshot) {
    return {
      storage: this.ctx.storage,
      config: snapshot.config,
      controls: snapshot.controls,
      isSealed: (windowIndex: number) => isSealed(this.#sql, windowIndex),
      seedOf: (windowIndex: number) => snapshot.seeds[windowIndex] ?? "",
      batchSlot: () =>
        this.#batches.slot(() => {
          this.#counters.batch += 1;
          writeMeta(this.#sql, "counters", this.#counters);
          return this.#counters.batch;
        }),
    };
  }

  /** The shard's address remembered, and the cohort's snapshot (asked for when missing or older than `version`). */
  async #ready(address: ShardAddress, version = 0): Promise<ShardSnapshot | null> {
    this.#remember(address);
    if (this.#snapshot && this.#snapshot.version >= version) return this.#snapshot;
    this.#snapshotLoading ??= cohortQueue(this.env, address.cohortId)
      .shardSnapshot()
      .finally(() => {
        this.#snapshotLoading = null;
      });
    const snapshot = await this.#snapshotLoading;
    if (snapshot) this.#adopt(snapshot);
    return this.#snapshot;
  }

  #remember(address: ShardAddress): void {
    if (this.#address) return;
    this.#address = address;
    writeMeta(this.#sql, "address", address);
  }

  #adopt(snapshot: ShardSnapshot): void {
    if (this.#snapshot && this.#snapshot.version > snapshot.version) return;
    const release = snapshot.lastRelease;
    this.ctx.storage.transactionSync(() => {
      // A released hold gives the grants out back the time it took, once per hold.
      if (release && this.#counters.holdShiftedFor !== release.heldSinceMs) {
        run(
          this.#sql,
          "UPDATE entries SET grant_expires_at = grant_expires_at + ? WHERE state = 'admitted'",
          release.releasedAtMs - release.heldSinceMs,
        );
        this.#counters.holdShiftedFor = release.heldSinceMs;
        writeMeta(this.#sql, "counters", this.#counters);
      }
      this.#snapshot = snapshot;
      writeMeta(this.#sql, "snapshot", snapshot);
    });
  }

  /** Grants due expire (not during a hold: it freezes them); each one leaves the booking step. */
  #expireGrants(now: number): void {
    if (!this.#snapshot || this.#snapshot.controls.held) return;
    this.ctx.storage.transactionSync(() => {
      const expired = rows(
        this.#sql,
        "UPDATE entries SET state = 'expired' WHERE state = 'admitted' AND grant_expires_at <= ? RETURNING 1",
        now,
      );
      if (expired.length > 0) this.#bump({ leftStep: expired.length, expired: expired.length });
    });
  }

  #bump(by: { admitted?: number; leftStep?: number; expired?: number }): void {
    if (!by.admitted && !by.leftStep) return;
    this.#counters.admitted += by.admitted ?? 0;
    this.#counters.leftStep += by.leftStep ?? 0;
    this.#counters.expired += by.expired ?? 0;
    writeMeta(this.#sql, "counters", this.#counters);
  }

  #nextReport(): ShardReport {
    this.#counters.seq += 1;
    writeMeta(this.#sql, "counters", this.#counters);
    const { seq, admitted, leftStep, expired, ackedThrough, tick, writtenBatch } = this.#counters;
    return {
      seq,
      tick,
      admitted,
      leftStep,
      expired,
      ackedThrough,
      writtenBatch,
      reentering: countReentering(this.#sql),
      firstExpiry: firstPassExpiry(this.#sql),
    };
  }

  /** Tells the cohort's object this shard's counters now (someone re-entered: admission must tick). */
  async #report(): Promise<void> {
    if (!this.#address) return;
    await cohortQueue(this.env, this.#address.cohortId).shardReport(this.#address.shard, this.#nextReport());
  }

  #lowestPendingBatch(): number | null {
    return rows<{ b: number | null }>(this.#sql, "SELECT min(batch) AS b FROM entries WHERE batch IS NOT NULL")[0]?.b ?? null;
  }

  /** One batch to the cohort's object: its positions written in arrival order, or its places dropped if it refused them. */
  async #sendBatch(batch: number): Promise<BatchResult> {
    const address = this.#address!;
    const count = rows<{ n: number }>(this.#sql, "SELECT count(*) AS n FROM entries WHERE batch = ?", batch)[0]!.n;
    if (count === 0) return null;
    const allocation = await cohortQueue(this.env, address.cohortId).allocate(address.shard, batch, count, Date.now());
    if (allocation.ok && allocation.progress) this.#rangeProgress = allocation.progress;
    return this.ctx.storage.transactionSync(() => {
      this.#counters.writtenBatch = Math.max(this.#counters.writtenBatch, batch);
      writeMeta(this.#sql, "counters", this.#counters);
      return writeBatchPositions(this.#sql, batch, allocation);
    });
  }

  #entry(identity: string, config: CohortConfig): EntryView | null {
    const row = entryRow(this.#sql, identity);
    return row ? entryView(row, config.reentryWindowSeconds) : releasedView(this.#sql, identity);
  }
}

/** A place that came back with neither a row nor a refusal (its window closed meanwhile). */
function closedView(): EntryView {
  return { state: "closed", position: null, grant: null, reentryUntilMs: null };
}

countInvocations(IntakeShard.prototype, ["load"]);
