// The Durable Object class of a cohort's queue: its typed RPC methods and admission alarm, on top of the modules beside it.
import { DurableObject } from "cloudflare:workers";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase } from "../../domain/cohort-phase";
import type { ControlCommand } from "../../domain/controls";
import type { Allocation, ShardReport, ShardSnapshot } from "../shard/types";
import { recordCommit } from "./adaptive";
import { AdmissionLoop, type Instant } from "./admission-loop";
import type { Counters } from "./admission-tick";
import { admissions, type PrequeuePage, prequeuePage, type WindowAudit, windowAudits } from "./audit";
import { bookingVerdict, vaccineScope } from "./booking-verdict";
import {
  type ConfigChange,
  type ConfigVersion,
  listVersions,
  newSeeds,
  readVersion,
  reviewConfig,
  type SaveOutcome,
  windowSeeds,
  writeVersion,
} from "./config-versions";
import { applyControl, controlLog, type LiveControls, NO_CONTROLS, recordControl } from "./controls";
import { countInvocations, invocationsOf, type QueueLoad } from "./load-meter";
import { OpeningDraw } from "./opening-draw";
import { GRANT_INVALID, ON_HOLD, refusalFor } from "./refusals";
import { migrate } from "./schema";
import { ShardCalls } from "./shard-calls";
import { allocationFor, applyReport, keepAllocation } from "./shards";
import { readMeta, writeMeta } from "./sql";
import { addRefusals, addShardRefusals, countEvent, type QueueStats, queueStats, RefusalTally, sumShardCounts } from "./stats";
import type { BookingAuthorization, OperatorLog, QueueProgress } from "./types";

/**
 * The queue of one cohort. It hands out positions (a range per batch of joins an intake shard
 * gathered), advances admission at the configured rate within the booking-step cap, and keeps the
 * authoritative config, live controls, seed commitments and audit. People's places live in the
 * cohort's intake shards (`src/queue/shard`): the work per call here does not grow with the crowd.
 * Everything lives in SQLite storage, so a restart or eviction loses nothing; the in-memory fields
 * are a cache of the `meta` table.
 */
export class CohortQueue extends DurableObject<Env> {
  #config: CohortConfig | null = null;
  #controls: LiveControls = NO_CONTROLS;
  #refusals = new RefusalTally();
  #counters: Counters = {
    lastPosition: 0,
    admittedThrough: 0,
    lastTickAtMs: 0,
    carry: 0,
    snapshotVersion: 0,
    reentryCursor: 0,
    pushTick: 0,
  };
  /** The pre-queue draws: reserved by the first call at an opening, then moved on a step per alarm. */
  #draw = new OpeningDraw({
    storage: this.ctx.storage,
    config: () => this.#config,
    shards: (config) => this.#shards(config),
    counters: this.#counters,
    saveCounters: () => this.#saveCounters(),
  });
  /** The alarm: the draw's steps, admission ticks, the pushes to the shards and the next wake-up. */
  #loop = new AdmissionLoop({
    storage: this.ctx.storage,
    env: this.env,
    config: () => this.#config,
    controls: () => this.#controls,
    snapshot: () => this.#snapshot(),
    counters: this.#counters,
    saveCounters: () => this.#saveCounters(),
    draw: this.#draw,
    refusals: this.#refusals,
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
      this.#config = readMeta<CohortConfig>(this.#sql, "config");
      this.#controls = { ...NO_CONTROLS, ...readMeta<Partial<LiveControls>>(this.#sql, "controls") };
      // Assigned into, not replaced: the draw holds this object.
      Object.assign(this.#counters, readMeta<Counters>(this.#sql, "counters"));
    });
  }

  /** Saves the authoritative config as a new version if the guard rails (or `force`) allow; a dry run only checks. Places given are kept. */
  async saveConfig(config: CohortConfig, change: ConfigChange): Promise<SaveOutcome> {
    const seeds = change.dryRun ? [] : await newSeeds(this.#sql, config.windows.length);
    const now = Date.now();
    const outcome = reviewConfig(this.#sql, this.#config, config, change, now);
    if (!outcome.ok || change.dryRun) return outcome;
    this.ctx.storage.transactionSync(() => {
      writeVersion(this.#sql, config, outcome, change, seeds, now);
      writeMeta(this.#sql, "config", config);
      this.#counters.snapshotVersion += 1;
      this.#saveCounters();
    });
    this.#config = config;
    await this.#loop.pushSnapshot();
    await this.#loop.schedule(now);
    return outcome;
  }

  /** The operators' audit trail, newest first: saved config versions, and live controls with the switches now. */
  async operatorLog(limit: number): Promise<OperatorLog> {
    return { versions: listVersions(this.#sql, limit), controls: this.#controls, controlLog: controlLog(this.#sql, limit) };
  }

  /** One saved version with its config. */
  async configVersion(version: number): Promise<ConfigVersion | null> {
    return readVersion(this.#sql, version);
  }

  /** Applies a live control at once (the shards hear of it before this returns; the next tick sees it) and audits it. */
  async control(command: ControlCommand, who: { operator: string; reason?: string }): Promise<LiveControls> {
    const now = Date.now();
    const before = this.#controls;
    const after = applyControl(before, command, now);
    this.ctx.storage.transactionSync(() => {
      recordControl(this.#sql, before, after, { ...who, action: command.action }, now);
      writeMeta(this.#sql, "controls", after);
      // Releasing a hold gives every admitted person back the time it took: each shard applies this
      // once, from the snapshot, whenever it gets it (a shard that misses the push gets it again from the alarm).
      if (before.held && !after.held && before.heldSinceMs !== null) {
        writeMeta(this.#sql, "lastRelease", { heldSinceMs: before.heldSinceMs, releasedAtMs: now });
      }
      // The next tick starts afresh: no burst for time spent paused, no quota banked at the old rate.
      Object.assign(this.#counters, { lastTickAtMs: 0, carry: 0, snapshotVersion: this.#counters.snapshotVersion + 1 });
      this.#saveCounters();
    });
    this.#controls = after;
    await this.#loop.pushSnapshot();
    await this.#loop.schedule(now);
    return after;
  }

  /** Counters and recent history for the operators' dashboard (one call to each shard for its counts). */
  async stats(): Promise<QueueStats | null> {
    const at = await this.#advanced();
    if (!at) return null;
    this.#refusals.flush(this.#sql, at.now);
    // A shard that does not answer leaves its counts out (its refusals wait in it); the stats name it.
    const answers = await this.#shards(at.config).eachSettled((shard) => shard.counts());
    const shards = sumShardCounts(
      this.#sql,
      answers.flatMap((counts, shard) => (counts === null ? [] : [{ shard, counts }])),
    );
    const shardsMissing = answers.flatMap((a, shard) => (a === null ? [shard] : []));
    return queueStats(this.#sql, { config: at.config, controls: this.#controls, progress: this.#progress(at), shards, shardsMissing });
  }

  /** Adds refusals the Workers (or the shards) counted, sent in batches, not one call per refusal. */
  async recordEdgeRefusals(counts: Record<string, number>): Promise<void> {
    if (this.#config) addRefusals(this.#sql, "edge", counts);
  }

  /** The authoritative config, or null when the cohort was never configured. */
  async getConfig(): Promise<CohortConfig | null> {
    return this.#config;
  }

  /** How far admission has advanced. Identical for every person, so the edge may cache it briefly. */
  async progress(): Promise<QueueProgress | null> {
    const at = await this.#advanced();
    return at && this.#progress(at);
  }

  /** What a shard needs to place people on its own; null when the cohort was never configured. */
  async shardSnapshot(): Promise<ShardSnapshot | null> {
    return this.#snapshot();
  }

  #snapshot(): ShardSnapshot | null {
    if (!this.#config) return null;
    return {
      version: this.#counters.snapshotVersion,
      shards: this.#config.intake.shards,
      config: this.#config,
      controls: this.#controls,
      seeds: windowSeeds(this.#sql),
      lastRelease: readMeta<ShardSnapshot["lastRelease"]>(this.#sql, "lastRelease"),
    };
  }

  /**
   * Positions for a shard's batch of `count` joins after the opening: the next range at the back of
   * the line, in the order batches arrive. A retry of the same batch gets the same range. Before
   * any, every draw due by `shardNowMs` (the shard's clock, in case it runs ahead) is reserved, so
   * the pre-queue stays ahead of everyone who joined after the opening.
   */
  async allocate(shard: number, batch: number, count: number, shardNowMs: number): Promise<Allocation> {
    const kept = allocationFor(this.#sql, shard, batch);
    if (kept) return kept; // a retry: without the progress, which is read only after any opening due is drawn
    const config = this.#config;
    if (!config) throw new Error("positions asked of a cohort that was never configured");
    const now = Math.max(Date.now(), shardNowMs);
    await this.#draw.open(now);
    const again = allocationFor(this.#sql, shard, batch);
    if (again) return this.#withProgress(again);
    const phase = cohortPhase(config, now, this.#controls);
    const allocation: Allocation =
      phase.windowIndex === null ? refusalFor(config, "closed") : { ok: true, firstPosition: this.#counters.lastPosition + 1 };
    this.ctx.storage.transactionSync(() => {
      if (allocation.ok) {
        this.#counters.lastPosition += count;
        this.#saveCounters();
        countEvent(this.#sql, now, "joined", count);
      }
      keepAllocation(this.#sql, shard, batch, count, allocation);
    });
    await this.#loop.schedule(Date.now());
    return this.#withProgress(allocation);
  }

  /** A range given, with the progress now (its line's end included); a refusal as it is. */
  #withProgress(allocation: Allocation): Allocation {
    const config = this.#config;
    return allocation.ok && config ? { ...allocation, progress: this.#progress({ config, now: Date.now() }) } : allocation;
  }

  /** A shard's counters, sent when something happened there that admission must hear of (a re-entry). */
  async shardReport(shard: number, report: ShardReport): Promise<void> {
    if (!this.#config) return;
    applyReport(this.#sql, shard, report, Date.now());
    await this.#loop.schedule(Date.now());
  }

  /** A shard's running totals of refusals (sent at most once a second per shard): what they grew by is counted. */
  async recordShardRefusals(shard: number, totals: Record<string, number>): Promise<void> {
    if (this.#config) addShardRefusals(this.#sql, shard, totals);
  }

  /** The invocations this object received since it started, by method (this call is not counted). */
  async load(): Promise<QueueLoad> {
    return invocationsOf(this);
  }

  /**
   * Confirms on the server clock that this person may book now: their grant is the one their shard
   * issued, unexpired, the window is open and their birth date is eligible.
   */
  async authorizeBooking(identity: string, grantId: string, birthDate: string): Promise<BookingAuthorization> {
    return this.#refusals.pass(this.#sql, await this.#authorizeBooking(identity, grantId, birthDate));
  }

  async #authorizeBooking(identity: string, grantId: string, birthDate: string): Promise<BookingAuthorization> {
    const config = this.#config;
    if (!config) return GRANT_INVALID;
    const shards = this.#shards(config);
    const grant = await shards.of(identity).checkGrant(identity, grantId, shards.addressOf(identity));
    if (this.#controls.held && grant.issued) return ON_HOLD;
    if (!grant.live) return GRANT_INVALID;
    return bookingVerdict(config, this.#controls.closedEarly, birthDate, Date.now());
  }

  /** The same check for a call-centre agent's booking, without a place in the queue. Null: no such cohort. */
  async authorizeAgentBooking(birthDate: string): Promise<BookingAuthorization | null> {
    return (
      this.#config && (this.#controls.held ? ON_HOLD : bookingVerdict(this.#config, this.#controls.closedEarly, birthDate, Date.now()))
    );
  }

  /** Whether a booking may move to new seats now (not during a hold), with the cohort's vaccines. Null: no such cohort. */
  async authorizeSeatChange(): Promise<BookingAuthorization | null> {
    return this.#config && (this.#controls.held ? ON_HOLD : vaccineScope(this.#config));
  }

  /**
   * Records that this person's booking was cancelled: their place is given up (kept for the audit)
   * and they may join again, at the back of the line. Repeating it changes nothing.
   */
  async releasePlace(identity: string): Promise<boolean> {
    if (!this.#config) return false;
    const shards = this.#shards(this.#config);
    return shards.of(identity).releasePlace(identity, shards.addressOf(identity));
  }

  /** A booking commit that failed, as the booking path measured it: the adaptive rate hears of it. */
  async recordFailedCommit(commitMs: number): Promise<void> {
    if (this.#config) recordCommit(this.#sql, Date.now(), { commitMs, failed: true });
  }

  /**
   * Records that this person's booking committed: their shard frees their share of the booking
   * step, and the commit time the booking path measured feeds the adaptive rate.
   */
  async markBooked(identity: string, commitMs?: number): Promise<void> {
    if (!this.#config) return;
    const now = Date.now();
    if (commitMs !== undefined) recordCommit(this.#sql, now, { commitMs, failed: false });
    const shards = this.#shards(this.#config);
    const address = shards.addressOf(identity);
    const { booked, report } = await shards.of(identity).markBooked(identity, address);
    applyReport(this.#sql, address.shard, report, now);
    countEvent(this.#sql, now, "booked", booked ? 1 : 0);
    await this.#loop.schedule(now);
  }

  /** Each window's seed commitment, and the seed once the draw is made. */
  async auditWindows(): Promise<WindowAudit[]> {
    await this.#advanced();
    return windowAudits(this.#sql);
  }

  /**
   * A page of the identity keys drawn in a window's pre-queue (from every shard, merged), and whether
   * the draw is made. Null while a shard does not answer: a page without its keys would make a
   * recomputation of the draw from the seed look wrong.
   */
  async auditPrequeue(windowIndex: number, after: string, limit: number): Promise<PrequeuePage | null> {
    return prequeuePage(this.#sql, this.#config && this.#shards(this.#config), { windowIndex, after, limit });
  }

  /** A page of admissions in position order. */
  async auditAdmissions(fromPosition: number, limit: number): Promise<Array<{ position: number; admittedAt: number }>> {
    return admissions(this.#sql, fromPosition, limit);
  }

  /** The admission loop (see `AdmissionLoop`), once a second while a window is open and someone waits or holds a grant. */
  override async alarm(): Promise<void> {
    const at = await this.#advanced();
    if (at) await this.#loop.run(at);
  }

  /** The storage handle every helper of ./sql runs its statements on. */
  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** The prologue of every call that reads the queue: the config, the clock, and every opening due drawn. Null: never configured. */
  async #advanced(): Promise<Instant | null> {
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    await this.#draw.open(now);
    return { config, now };
  }

  #progress(at: Instant): QueueProgress {
    return this.#loop.progress(at);
  }

  #shards(config: CohortConfig): ShardCalls {
    return new ShardCalls(this.env, config);
  }

  #saveCounters(): void {
    writeMeta(this.#sql, "counters", this.#counters);
  }
}

countInvocations(CohortQueue.prototype, ["load"]);
