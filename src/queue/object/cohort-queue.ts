// The Durable Object class of a cohort's queue: its typed RPC methods and admission alarm, on top of the modules beside it.
import { DurableObject } from "cloudflare:workers";
import { ADMISSION_TICK_MS, admissionQuota, admitCount } from "../../domain/admission";
import type { CohortConfig } from "../../domain/cohort-config";
import { cohortPhase } from "../../domain/cohort-phase";
import type { ControlCommand } from "../../domain/controls";
import { admissionRoom, type InventoryReading, isSoldOut } from "../../domain/inventory";
import { nextPhaseChangeMs } from "../../domain/phase-boundary";
import { adapt, recordCommit } from "./adaptive";
import { measuredRatePerMinute, RATE_WINDOW_MS } from "./admission-rate";
import { admitNext } from "./admit-next";
import { admissions, prequeueIdentities, type WindowAudit, windowAudits } from "./audit";
import { bookingVerdict, vaccineScope } from "./booking-verdict";
import {
  type ConfigChange,
  type ConfigVersion,
  listVersions,
  newSeeds,
  readVersion,
  reviewConfig,
  type SaveOutcome,
  writeVersion,
} from "./config-versions";
import { applyControl, controlLog, effectiveConfig, type LiveControls, NO_CONTROLS, recordControl } from "./controls";
import { drawnThrough, drawStep } from "./draw";
import { countInBookingStep, countReentering, entryRow, entryView, firstPassExpiry, releasedView, releasePlace } from "./entries";
import { inventoryForTick } from "./inventory";
import { type JoinRequest, placeJoins } from "./joins";
import { countInvocations, invocationsOf, type QueueLoad } from "./load-meter";
import { nextAlarmAt } from "./next-alarm";
import { GRANT_INVALID, ON_HOLD } from "./refusals";
import { migrate } from "./schema";
import { rows, run } from "./sql";
import { addRefusals, countEvent, probeWaits, type QueueStats, queueStats, RefusalTally } from "./stats";
import type { BookingAuthorization, EntryView, JoinOutcome, OperatorLog, QueueProgress, StatusReport } from "./types";

interface Counters {
  lastPosition: number;
  admittedThrough: number;
  lastTickAtMs: number;
  carry: number;
}

/**
 * The queue of one cohort. It alone assigns places, admits people at the configured rate within
 * the booking-step cap, and issues grant ids. Everything lives in its SQLite storage, so a restart
 * or eviction loses nothing; the in-memory fields are a cache of the `meta` table.
 */
export class CohortQueue extends DurableObject<Env> {
  #config: CohortConfig | null = null;
  #controls: LiveControls = NO_CONTROLS;
  #refusals = new RefusalTally();
  #counters: Counters = { lastPosition: 0, admittedThrough: 0, lastTickAtMs: 0, carry: 0 };
  /** Seats left, as last read at an admission tick (not persisted: the next tick reads again). */
  #inventory: InventoryReading | null = null;
  #joinsPlaced: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
      this.#config = this.#readMeta<CohortConfig>("config");
      this.#controls = { ...NO_CONTROLS, ...this.#readMeta<Partial<LiveControls>>("controls") };
      this.#counters = this.#readMeta<Counters>("counters") ?? this.#counters;
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
      this.#writeMeta("config", config);
    });
    this.#config = config;
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

  /** Applies a live control at once (the next admission tick sees it) and audits it. */
  async control(command: ControlCommand, who: { operator: string; reason?: string }): Promise<LiveControls> {
    const now = Date.now();
    this.#advance(now); // grants already due expire before a hold can freeze them
    const after = applyControl(this.#controls, command, now);
    this.ctx.storage.transactionSync(() => {
      recordControl(this.#sql, this.#controls, after, { ...who, action: command.action }, now);
      this.#writeMeta("controls", after);
      // The next tick starts afresh: no burst for time spent paused, no quota banked at the old rate.
      this.#writeMeta("counters", Object.assign(this.#counters, { lastTickAtMs: 0, carry: 0 }));
    });
    this.#controls = after;
    await this.#schedule(now);
    return after;
  }

  /** Counters and recent history for the operators' dashboard. */
  async stats(): Promise<QueueStats | null> {
    const at = this.#advanced();
    if (!at) return null;
    this.#refusals.flush(this.#sql, at.now);
    return queueStats(this.#sql, { config: at.config, controls: this.#controls, progress: this.#progress(at) });
  }

  /** Adds refusals the Workers counted at the edge (sent in batches, not one call per refusal). */
  async recordEdgeRefusals(counts: Record<string, number>): Promise<void> {
    if (this.#config) addRefusals(this.#sql, "edge", counts);
  }

  /** The authoritative config, or null when the cohort was never configured. */
  async getConfig(): Promise<CohortConfig | null> {
    return this.#config;
  }

  /** How far admission has advanced. Identical for every person, so the edge may cache it briefly. */
  async progress(): Promise<QueueProgress | null> {
    const at = this.#advanced();
    return at && this.#progress(at);
  }

  /**
   * Joins a batch the edge gathered: one answer per request, in the same order, refusals included;
   * one call and one transaction for the batch. One person, one place: a request gets the place its
   * identity already holds, and someone whose grant expired unused re-enters at the front, once,
   * within the re-entry window. `birthDate` is for the eligibility check only and is not stored.
   * `humanVerified`: the edge verified a Turnstile token (cohorts that require one refuse new places
   * without it). Batches are placed in arrival order, though placing one awaits its shuffle keys.
   */
  async joinMany(requests: JoinRequest[]): Promise<JoinOutcome[] | null> {
    const placed = this.#joinsPlaced.then(() => this.#placeBatch(requests));
    this.#joinsPlaced = placed.catch(() => undefined);
    return placed;
  }

  async #placeBatch(requests: readonly JoinRequest[]): Promise<JoinOutcome[] | null> {
    const at = this.#advanced();
    if (!at) return null;
    const host = {
      storage: this.ctx.storage,
      config: at.config,
      controls: this.#controls,
      counters: this.#counters,
      saveCounters: () => this.#writeMeta("counters", this.#counters),
    };
    const placements = await placeJoins(host, requests, at.now);
    await this.#schedule(at.now);
    const progress = this.#progress(at);
    return placements.map((p) => this.#refusals.pass(this.#sql, p.ok ? { ok: true, entry: this.#entry(p.identity)!, progress } : p));
  }

  /** The places of a batch of identities the edge gathered (null for one that never joined), in the same order, each with the progress. */
  async statusMany(identities: string[]): Promise<StatusReport[] | null> {
    const at = this.#advanced();
    if (!at) return null;
    const progress = this.#progress(at);
    return identities.map((identity) => ({ entry: this.#entry(identity), progress }));
  }

  /** The invocations this object received since it started, by method (this call is not counted). */
  async load(): Promise<QueueLoad> {
    return invocationsOf(this);
  }

  /**
   * Confirms on the server clock that this person may book now: their grant is the one issued,
   * unexpired, the window is open and their birth date is eligible.
   */
  async authorizeBooking(identity: string, grantId: string, birthDate: string): Promise<BookingAuthorization> {
    return this.#refusals.pass(this.#sql, this.#authorizeBooking(identity, grantId, birthDate));
  }

  #authorizeBooking(identity: string, grantId: string, birthDate: string): BookingAuthorization {
    const at = this.#advanced();
    if (!at) return GRANT_INVALID;
    const row = entryRow(this.#sql, identity);
    const grantLive =
      row !== null &&
      row.grant_id === grantId &&
      (row.state === "booked" || (row.state === "admitted" && (row.grant_expires_at ?? 0) > at.now));
    if (this.#controls.held && row?.grant_id === grantId) return ON_HOLD;
    if (!grantLive) return GRANT_INVALID;
    return bookingVerdict(at.config, this.#controls.closedEarly, birthDate, at.now);
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
    return releasePlace(this.ctx.storage, identity, "booked", Date.now());
  }

  /** A booking commit that failed, as the booking path measured it: the adaptive rate hears of it. */
  async recordFailedCommit(commitMs: number): Promise<void> {
    if (this.#config) recordCommit(this.#sql, Date.now(), { commitMs, failed: true });
  }

  /**
   * Records that this person's booking committed: their share of the booking step is freed, and the
   * commit time the booking path measured feeds the adaptive rate.
   */
  async markBooked(identity: string, commitMs?: number): Promise<void> {
    const now = Date.now();
    if (commitMs !== undefined) recordCommit(this.#sql, now, { commitMs, failed: false });
    const booked = rows(
      this.#sql,
      "UPDATE entries SET state = 'booked', booked_at = ? WHERE identity = ? AND state IN ('admitted', 'expired') RETURNING 1",
      now,
      identity,
    );
    countEvent(this.#sql, now, "booked", booked.length);
    await this.#schedule(now);
  }

  /** Each window's seed commitment, and the seed once the draw is made. */
  async auditWindows(): Promise<WindowAudit[]> {
    this.#advance(Date.now());
    return windowAudits(this.#sql);
  }

  /** A page of the identity keys drawn in a window's pre-queue, and whether the draw is made. */
  async auditPrequeue(windowIndex: number, after: string, limit: number): Promise<{ drawn: boolean; identities: string[] }> {
    return prequeueIdentities(this.#sql, windowIndex, after, limit);
  }

  /** A page of admissions in position order. */
  async auditAdmissions(fromPosition: number, limit: number): Promise<Array<{ position: number; admittedAt: number }>> {
    return admissions(this.#sql, fromPosition, limit);
  }

  /** The admission loop: one tick a second while a window is open. */
  override async alarm(): Promise<void> {
    const at = this.#advanced();
    if (!at) return;
    const { config, now } = at;
    if (cohortPhase(config, now, this.#controls).status === "open") {
      const effective = effectiveConfig(config, this.#controls);
      const inventory = await inventoryForTick(this.#sql, this.env.DB, effective, now, this.#inventory);
      this.#inventory = inventory.reading;
      // Re-read the switches: a pause, hold or new rate that landed during the read applies to this tick.
      if (inventory.admit && cohortPhase(config, now, this.#controls).status === "open") {
        const settings = effectiveConfig(config, this.#controls);
        this.#admit({ ...settings, admissionRatePerMinute: adapt(this.#sql, settings, this.#controls, now) }, now);
      }
    }
    probeWaits(this.#sql, now, this.#progress(at), this.#refusals);
    await this.#schedule(now);
  }

  /** The storage handle every helper of ./sql runs its statements on. */
  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** The prologue of every call that reads the queue: the config, the clock, and everything the clock made due applied. Null: never configured. */
  #advanced(): { config: CohortConfig; now: number } | null {
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    return { config, now };
  }

  /** Applies everything the clock has made due: pre-queue draws at openings, expired grants. */
  #advance(now: number): void {
    const config = this.#config;
    if (!config) return;
    config.windows.forEach((window, index) => {
      if (Date.parse(window.opensAt) <= now) this.#drawPrequeue(index, now);
    });
    if (this.#controls.held) return; // a hold freezes grants; its release moves their expiry forward
    const expired = rows(
      this.#sql,
      "UPDATE entries SET state = 'expired' WHERE state = 'admitted' AND grant_expires_at <= ? RETURNING 1",
      now,
    );
    countEvent(this.#sql, now, "expired", expired.length);
  }

  /** From a window's opening, its pre-queue gets positions in the order of its shuffle keys, a chunk per call. */
  #drawPrequeue(windowIndex: number, now: number): void {
    const pending = rows(
      this.#sql,
      "SELECT 1 FROM shuffle_seeds WHERE window_index = ? AND (applied_at IS NULL OR drawn < size)",
      windowIndex,
    );
    if (pending.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      this.#counters.lastPosition = drawStep(this.#sql, windowIndex, this.#counters.lastPosition, now);
      this.#writeMeta("counters", this.#counters);
    });
  }

  /** Admits the next people (re-entries first, then by position) within the rate and the booking-step cap. */
  #admit(config: CohortConfig, now: number): void {
    const elapsed = this.#counters.lastTickAtMs === 0 ? ADMISSION_TICK_MS : now - this.#counters.lastTickAtMs;
    const { quota, carry } = admissionQuota(config.admissionRatePerMinute, elapsed, this.#counters.carry);
    const inStep = countInBookingStep(this.#sql);
    const reentering = countReentering(this.#sql);
    // While a pre-queue is being drawn, nobody is admitted past those drawn so far.
    const lineEnd = drawnThrough(this.#sql) ?? this.#counters.lastPosition;
    const waiting = Math.max(0, lineEnd - this.#counters.admittedThrough) + reentering;
    const count = Math.min(admitCount(quota, config.maxInBookingStep, inStep, waiting), admissionRoom(this.#inventory, inStep));
    this.ctx.storage.transactionSync(() => {
      if (count > 0) {
        const admitted = admitNext(this.#sql, count, now, now + config.grantLifetimeSeconds * 1000);
        this.#counters.admittedThrough = Math.max(this.#counters.admittedThrough, admitted.highestPosition);
        if (admitted.admitted > 0) run(this.#sql, "INSERT INTO admission_log (at, count) VALUES (?, ?)", now, admitted.admitted);
        countEvent(this.#sql, now, "admitted", admitted.admitted);
      }
      run(this.#sql, "DELETE FROM admission_log WHERE at < ?", now - 12 * RATE_WINDOW_MS);
      this.#counters.lastTickAtMs = now;
      // A full booking step must not bank quota for a burst once people leave it.
      this.#counters.carry = count < quota ? 0 : carry;
      this.#writeMeta("counters", this.#counters);
    });
  }

  #progress({ config, now }: { config: CohortConfig; now: number }): QueueProgress {
    const effective = effectiveConfig(config, this.#controls);
    return {
      phase: cohortPhase(config, now, this.#controls),
      admittedThrough: this.#counters.admittedThrough,
      lastPosition: this.#counters.lastPosition,
      admissionRatePerMinute: measuredRatePerMinute(this.#sql, now, effective.admissionRatePerMinute),
      lastClosesAtMs: Math.max(...config.windows.map((w) => Date.parse(w.closesAt))),
      lastDrawAtMs: rows<{ at: number | null }>(this.#sql, "SELECT max(applied_at) AS at FROM shuffle_seeds")[0]?.at ?? null,
      nowMs: now,
      phaseUntilMs: nextPhaseChangeMs(config, now),
      soldOut: isSoldOut(this.#inventory),
      held: this.#controls.held,
      inBookingStep: countInBookingStep(this.#sql),
      maxInBookingStep: effective.maxInBookingStep,
      grantLifetimeSeconds: config.grantLifetimeSeconds,
      firstPassExpiresAtMs: firstPassExpiry(this.#sql),
    };
  }

  /** Sets the alarm for the next thing that must happen: an admission tick, an opening or an expiry. */
  async #schedule(now: number): Promise<void> {
    const next = this.#config && nextAlarmAt(this.#sql, this.#config, this.#controls, now);
    if (!next) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  #entry(identity: string): EntryView | null {
    const row = entryRow(this.#sql, identity);
    return row ? entryView(row, this.#config?.reentryWindowSeconds ?? 0) : releasedView(this.#sql, identity);
  }

  #readMeta<T>(key: string): T | null {
    const row = rows<{ value: string }>(this.#sql, "SELECT value FROM meta WHERE key = ?", key)[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  #writeMeta(key: string, value: unknown): void {
    run(
      this.#sql,
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }
}

countInvocations(CohortQueue.prototype, ["load"]);
