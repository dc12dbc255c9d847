// The Durable Object class of a cohort's queue: its typed RPC methods and admission alarm, on top of the modules beside it.
import { DurableObject } from "cloudflare:workers";
import { ADMISSION_TICK_MS } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase } from "../../domain/cohort-phase";
import type { ControlCommand } from "../../domain/controls";
import { type InventoryReading, isSoldOut } from "../../domain/inventory";
import { grantExpiries } from "../../domain/notify-timing";
import { notifyProgress, progressChange } from "../../notify/producer";
import type { Allocation, ShardReport, ShardSnapshot } from "../shard/types";
import { adapt, recordCommit } from "./adaptive";
import { admitTick, type Counters } from "./admission-tick";
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
import { applyControl, controlLog, effectiveConfig, type LiveControls, NO_CONTROLS, recordControl } from "./controls";
import { drawUnfinished } from "./draw";
import { inventoryForTick } from "./inventory";
import { countInvocations, invocationsOf, type QueueLoad } from "./load-meter";
import { nextAlarmAt } from "./next-alarm";
import { OpeningDraw } from "./opening-draw";
import { progressOf } from "./progress";
import { GRANT_INVALID, ON_HOLD, refusalFor } from "./refusals";
import { migrate } from "./schema";
import { ShardCalls } from "./shard-calls";
import {
  admissionLineEnd,
  allocationFor,
  applyReport,
  keepAllocation,
  keepUnacknowledgedReentries,
  type LineState,
  lineState,
  rangesUnreported,
} from "./shards";
import { keepMisses, missedShards, snapshotRetryAt } from "./snapshot-misses";
import { readMeta, writeMeta } from "./sql";
import { addRefusals, addShardRefusals, countEvent, probeWaits, type QueueStats, queueStats, RefusalTally, sumShardCounts } from "./stats";
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
  /** Seats left, as last read at an admission tick (not persisted: the next tick reads again). */
  #inventory: InventoryReading | null = null;
  /** When the alarm last ran its admission part (in memory: after a restart the next alarm runs it). */
  #tickedAt = 0;
  /** Whether the last alarm drew a step: while drawing, an alarm draws a step or runs the admission part, never both. */
  #drewStep = false;
  /** The pre-queue draws: reserved by the first call at an opening, then moved on a step per alarm. */
  #draw = new OpeningDraw({
    storage: this.ctx.storage,
    config: () => this.#config,
    shards: (config) => this.#shards(config),
    counters: this.#counters,
    saveCounters: () => this.#saveCounters(),
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
    await this.#pushSnapshot();
    await this.#schedule(now);
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
    await this.#pushSnapshot();
    await this.#schedule(now);
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
    if (kept) return kept;
    const config = this.#config;
    if (!config) throw new Error("positions asked of a cohort that was never configured");
    const now = Math.max(Date.now(), shardNowMs);
    await this.#draw.open(now);
    const again = allocationFor(this.#sql, shard, batch);
    if (again) return again;
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
    await this.#schedule(Date.now());
    return allocation;
  }

  /** A shard's counters, sent when something happened there that admission must hear of (a re-entry). */
  async shardReport(shard: number, report: ShardReport): Promise<void> {
    if (!this.#config) return;
    applyReport(this.#sql, shard, report, Date.now());
    await this.#schedule(Date.now());
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
    await this.#schedule(now);
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

  /**
   * The admission loop, once a second while a window is open and someone waits or holds a grant:
   * the pre-queue draw goes on a step at a time; admission moves on at the rate within the cap; then
   * every shard hears how far it reached and gives its people their grants, and reports back.
   */
  override async alarm(): Promise<void> {
    const at = await this.#advanced();
    if (!at) return;
    const { config, now } = at;
    const retryAt = snapshotRetryAt(this.#sql);
    if (retryAt !== null && retryAt <= now) await this.#pushSnapshot(missedShards(this.#sql));
    // One draw step an alarm, so the calls that come in meanwhile wait for one step at most; the
    // admission part runs once a tick, in an alarm of its own after a step (a step and the push to
    // every shard in one alarm held the object twice as long).
    const tickDue = now < this.#tickedAt || now - this.#tickedAt >= ADMISSION_TICK_MS;
    if (drawUnfinished(this.#sql) && !(tickDue && this.#drewStep)) {
      this.#drewStep = true;
      await this.#draw.step();
      // The last step with a tick due: the admission part runs at the next alarm, at once.
      return drawUnfinished(this.#sql) || !tickDue ? this.#schedule(now) : this.ctx.storage.setAlarm(now);
    }
    this.#drewStep = false;
    this.#tickedAt = now;
    const before = { admittedThrough: this.#counters.admittedThrough, soldOut: isSoldOut(this.#inventory) };
    let line = this.#line();
    // The shards report first when grants are due (the step they free is used at this very tick) or
    // a range was handed out since their last report (admission must not pass places not yet written).
    if (!this.#controls.held && ((line.firstExpiry !== null && line.firstExpiry <= now) || rangesUnreported(this.#sql))) {
      await this.#pushAdmission(config, now, []);
      line = this.#line();
    }
    let quotas: number[] = [];
    if (cohortPhase(config, now, this.#controls).status === "open") {
      const effective = effectiveConfig(config, this.#controls);
      const demand = {
        waiting: admissionLineEnd(this.#sql, this.#counters.lastPosition) > this.#counters.admittedThrough || line.reentering > 0,
        inBookingStep: line.inBookingStep,
      };
      const inventory = await inventoryForTick(this.env.DB, effective, now, this.#inventory, demand);
      this.#inventory = inventory.reading;
      // Re-read the switches: a pause, hold or new rate that landed during the read applies to this tick.
      if (inventory.admit && cohortPhase(config, now, this.#controls).status === "open") {
        const settings = effectiveConfig(config, this.#controls);
        const tick = { now, line, lineEnd: admissionLineEnd(this.#sql, this.#counters.lastPosition), inventory: this.#inventory };
        const rated = { ...settings, admissionRatePerMinute: adapt(this.#sql, settings, this.#controls, now) };
        quotas = admitTick(this.ctx.storage, this.#counters, () => this.#saveCounters(), { ...tick, config: rated });
      }
    }
    if (!this.#controls.held) await this.#pushAdmission(config, now, quotas);
    probeWaits(this.#sql, now, this.#progress(at), this.#refusals);
    await this.#schedule(now);
    // Text messages this tick's progress calls for (src/notify): after the next alarm is set, never throws.
    await notifyProgress(this.env, progressChange(config, before, this.#progress(at), now));
  }

  /** The storage handle every helper of ./sql runs its statements on. */
  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** The prologue of every call that reads the queue: the config, the clock, and every opening due drawn. Null: never configured. */
  async #advanced(): Promise<{ config: CohortConfig; now: number } | null> {
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    await this.#draw.open(now);
    return { config, now };
  }

  #line(): LineState {
    return lineState(this.#sql, this.#config?.intake.shards ?? 1, this.#counters.admittedThrough);
  }

  /** Tells every shard how far admission reached (and its re-entry grants); their reports come back. A shard that fails hears at the next tick. */
  async #pushAdmission(config: CohortConfig, now: number, quotas: readonly number[]): Promise<void> {
    this.#counters.pushTick += 1;
    this.#saveCounters();
    const { snapshotVersion: version, admittedThrough, pushTick: tick } = this.#counters;
    const push = { tick, version, admittedThrough, ...grantExpiries(config, now), held: this.#controls.held };
    for (const [shard, report] of (await this.#shards(config).admit(push, quotas)).entries()) {
      if (report) applyReport(this.#sql, shard, report, now);
      // Its answer lost, the shard may have given these grants: they count as given until it says.
      else if ((quotas[shard] ?? 0) > 0) keepUnacknowledgedReentries(this.#sql, shard, quotas[shard]!, tick);
    }
  }

  /**
   * Hands the current snapshot to every shard (or to `only` those). A shard that misses it gets it
   * again from the alarm a second later (then 2, 4... up to 30 s while it stays down): until then it
   * places joins under the old rules, and before the opening no admission push would tell it.
   */
  async #pushSnapshot(only?: readonly number[]): Promise<void> {
    const snapshot = await this.shardSnapshot();
    if (!snapshot) return;
    keepMisses(this.#sql, snapshot.version, await this.#shards(snapshot.config).share(snapshot, only), Date.now());
  }

  #progress({ config, now }: { config: CohortConfig; now: number }): QueueProgress {
    const state = { config, controls: this.#controls, counters: this.#counters, line: this.#line(), inventory: this.#inventory, now };
    return progressOf(this.#sql, state);
  }

  /** Sets the alarm for the next thing that must happen: an admission tick, a draw step, an opening or an expiry. */
  async #schedule(now: number): Promise<void> {
    const config = this.#config;
    if (!config) return;
    const line = this.#line();
    const next = nextAlarmAt(this.#sql, config, this.#controls, now, {
      waiting: this.#counters.lastPosition > this.#counters.admittedThrough || line.reentering > 0,
      inBookingStep: line.inBookingStep,
      firstExpiry: line.firstExpiry,
      drawing: drawUnfinished(this.#sql),
      snapshotRetryAt: snapshotRetryAt(this.#sql),
    });
    if (!next) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  #shards(config: CohortConfig): ShardCalls {
    return new ShardCalls(this.env, config);
  }

  #saveCounters(): void {
    writeMeta(this.#sql, "counters", this.#counters);
  }
}

countInvocations(CohortQueue.prototype, ["load"]);
