import { DurableObject } from "cloudflare:workers";
import type { CohortConfig } from "../config/cohort";
import { ADMISSION_TICK_MS, admissionQuota, admitCount } from "../rules/admission";
import { cohortPhase, prequeueOpensAtMs, type OperatorControls } from "../rules/cohort-phase";
import { checkEligibility } from "../rules/eligibility";
import { seedCommitment } from "../rules/shuffle";
import { toBase64Url } from "../security/base64url";
import { admissions, prequeueIdentities, windowAudits, type WindowAudit } from "./audit";
import { entryRow, entryView } from "./entries";
import { placeJoins, type JoinHost, type JoinRequest } from "./joins";
import { LoadMeter, type QueueLoad } from "./load-meter";
import { refusalFor } from "./refusals";
import { migrate } from "./schema";
import { rows } from "./sql";
import type { BookingAuthorization, EntryView, JoinOutcome, QueueProgress, StatusReport } from "./types";

interface Counters {
  lastPosition: number;
  admittedThrough: number;
  lastTickAtMs: number;
  carry: number;
}

/** Recent admissions are averaged over this span to measure the admission rate. */
const RATE_WINDOW_MS = 5 * 60_000;

const GRANT_INVALID = { ok: false, code: "grant_invalid", detail: "This admission pass is not valid.", detailKo: "입장권이 유효하지 않습니다." } as const;

/**
 * The queue of one cohort. It alone assigns places, admits people at the configured rate within
 * the booking-step cap, and issues grant ids. Everything lives in its SQLite storage, so a restart
 * or eviction loses nothing; the in-memory fields are a cache of the `meta` table.
 */
export class CohortQueue extends DurableObject<Env> {
  #config: CohortConfig | null = null;
  #controls: OperatorControls = { paused: false, closedEarly: false };
  #counters: Counters = { lastPosition: 0, admittedThrough: 0, lastTickAtMs: 0, carry: 0 };
  readonly #load = new LoadMeter();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
      this.#config = this.#readMeta<CohortConfig>("config");
      this.#controls = this.#readMeta<OperatorControls>("controls") ?? this.#controls;
      this.#counters = this.#readMeta<Counters>("counters") ?? this.#counters;
    });
  }

  /** Stores the authoritative config for this cohort. Places already given are kept. */
  async configure(config: CohortConfig): Promise<void> {
    this.#load.count("configure");
    for (let index = 0; index < config.windows.length; index++) {
      if (rows(this.#sql, "SELECT 1 FROM shuffle_seeds WHERE window_index = ?", index).length > 0) continue;
      const seed = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
      const commitment = await seedCommitment(seed);
      this.#sql.exec("INSERT OR IGNORE INTO shuffle_seeds (window_index, seed, commitment) VALUES (?, ?, ?)", index, seed, commitment);
    }
    this.#config = config;
    this.#writeMeta("config", config);
    await this.#schedule(Date.now());
  }

  /** The authoritative config, or null when the cohort was never configured. */
  async getConfig(): Promise<CohortConfig | null> {
    this.#load.count("getConfig");
    return this.#config;
  }

  /** How far admission has advanced. Identical for every person, so the edge may cache it briefly. */
  async progress(): Promise<QueueProgress | null> {
    this.#load.count("progress");
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    return this.#progress(config, now);
  }

  /** The config and progress together, for the public cohort page. */
  async describe(): Promise<{ config: CohortConfig; progress: QueueProgress } | null> {
    this.#load.count("describe");
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    return { config, progress: this.#progress(config, now) };
  }

  /**
   * Joins the queue, or returns the place this identity already holds: one person, one place.
   * Someone whose grant expired unused re-enters at the front, once, within the re-entry window.
   * `birthDate` is used for the eligibility check only and is not stored. `humanVerified` says the
   * edge verified a Turnstile token; cohorts that require one refuse new places without it.
   */
  async join(identity: string, birthDate: string, humanVerified = false): Promise<JoinOutcome | null> {
    this.#load.count("join", 1);
    return (await this.#joinAll([{ identity, birthDate, humanVerified }]))?.[0] ?? null;
  }

  /**
   * Joins a batch the edge gathered, in its order, as if each had called `join`: one answer per
   * request, in the same order, refusals included. One call and one transaction for the batch.
   */
  async joinMany(requests: JoinRequest[]): Promise<JoinOutcome[] | null> {
    this.#load.count("joinMany", requests.length);
    return this.#joinAll(requests);
  }

  /** This identity's place (null when it never joined) with the queue's progress. */
  async status(identity: string): Promise<StatusReport | null> {
    this.#load.count("status", 1);
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    return { entry: this.#entry(identity), progress: this.#progress(config, now) };
  }

  /** The places of a batch of identities the edge gathered, in the same order, with one progress. */
  async statusMany(identities: string[]): Promise<{ entries: Array<EntryView | null>; progress: QueueProgress } | null> {
    this.#load.count("statusMany", identities.length);
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    return { entries: identities.map((identity) => this.#entry(identity)), progress: this.#progress(config, now) };
  }

  /** The invocations this object received since it started (this call is not counted). */
  async load(): Promise<QueueLoad> {
    return this.#load.snapshot();
  }

  /**
   * Confirms on the server clock that this person may book now: their grant is the one issued,
   * unexpired, the window is open and their birth date is eligible.
   */
  async authorizeBooking(identity: string, grantId: string, birthDate: string): Promise<BookingAuthorization> {
    this.#load.count("authorizeBooking");
    const config = this.#config;
    const now = Date.now();
    this.#advance(now);
    const row = entryRow(this.#sql, identity);
    const grantLive =
      row !== null &&
      row.grant_id === grantId &&
      (row.state === "booked" || (row.state === "admitted" && (row.grant_expires_at ?? 0) > now));
    if (!config || !grantLive) return GRANT_INVALID;
    if (this.#controls.closedEarly) return refusalFor(config, "closed");
    const verdict = checkEligibility(config, birthDate, now);
    if (!verdict.eligible) return refusalFor(config, verdict.reason, verdict.opensAt);
    return { ok: true };
  }

  /** Records that this person's booking committed: their share of the booking step is freed. */
  async markBooked(identity: string): Promise<void> {
    this.#load.count("markBooked");
    const now = Date.now();
    this.#sql.exec("UPDATE entries SET state = 'booked', booked_at = ? WHERE identity = ? AND state IN ('admitted', 'expired')", now, identity);
    await this.#schedule(now);
  }

  /** Each window's seed commitment, and the seed once the draw is made. */
  async auditWindows(): Promise<WindowAudit[]> {
    this.#load.count("auditWindows");
    this.#advance(Date.now());
    return windowAudits(this.#sql);
  }

  /** A page of the identity keys drawn in a window's pre-queue. */
  async auditPrequeue(windowIndex: number, after: string, limit: number): Promise<string[]> {
    this.#load.count("auditPrequeue");
    return prequeueIdentities(this.#sql, windowIndex, after, limit);
  }

  /** A page of admissions in position order. */
  async auditAdmissions(fromPosition: number, limit: number): Promise<Array<{ position: number; admittedAt: number }>> {
    this.#load.count("auditAdmissions");
    return admissions(this.#sql, fromPosition, limit);
  }

  /** The admission loop: one tick a second while a window is open. */
  override async alarm(): Promise<void> {
    this.#load.count("alarm");
    const now = Date.now();
    this.#advance(now);
    const config = this.#config;
    if (config && cohortPhase(config, now, this.#controls).status === "open") this.#admit(config, now);
    await this.#schedule(now);
  }

  get #sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  async #joinAll(requests: readonly JoinRequest[]): Promise<JoinOutcome[] | null> {
    const config = this.#config;
    if (!config) return null;
    const now = Date.now();
    this.#advance(now);
    const host: JoinHost = {
      storage: this.ctx.storage,
      config,
      controls: this.#controls,
      counters: this.#counters,
      saveCounters: () => this.#writeMeta("counters", this.#counters),
    };
    const placements = await placeJoins(host, requests, now);
    await this.#schedule(now);
    const progress = this.#progress(config, now);
    return placements.map((p) => (p.ok ? { ok: true, entry: this.#entry(p.identity)!, progress } : p));
  }

  /** Applies everything the clock has made due: pre-queue draws at openings, expired grants. */
  #advance(now: number): void {
    const config = this.#config;
    if (!config) return;
    config.windows.forEach((window, index) => {
      if (Date.parse(window.opensAt) <= now) this.#drawPrequeue(index, now);
    });
    this.#sql.exec("UPDATE entries SET state = 'expired' WHERE state = 'admitted' AND grant_expires_at <= ?", now);
  }

  /** At a window's opening, its pre-queue gets positions in the order of its shuffle keys. */
  #drawPrequeue(windowIndex: number, now: number): void {
    const pending = rows(this.#sql, "SELECT 1 FROM shuffle_seeds WHERE window_index = ? AND applied_at IS NULL", windowIndex);
    if (pending.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      const base = this.#counters.lastPosition;
      const size = rows<{ n: number }>(this.#sql, "SELECT count(*) AS n FROM entries WHERE window_index = ? AND state = 'prequeue'", windowIndex)[0]!.n;
      this.#sql.exec(
        `UPDATE entries SET position = ? + ranked.rank, state = 'waiting'
         FROM (SELECT identity, row_number() OVER (ORDER BY sort_key, identity) AS rank
               FROM entries WHERE window_index = ? AND state = 'prequeue') AS ranked
         WHERE entries.identity = ranked.identity`,
        base,
        windowIndex,
      );
      this.#counters.lastPosition = base + size;
      this.#sql.exec(
        "UPDATE shuffle_seeds SET applied_at = ?, first_position = ?, size = ? WHERE window_index = ?",
        now,
        base + 1,
        size,
        windowIndex,
      );
      this.#writeMeta("counters", this.#counters);
    });
  }

  /** Admits the next people (re-entries first, then by position) within the rate and the booking-step cap. */
  #admit(config: CohortConfig, now: number): void {
    const elapsed = this.#counters.lastTickAtMs === 0 ? ADMISSION_TICK_MS : now - this.#counters.lastTickAtMs;
    const { quota, carry } = admissionQuota(config.admissionRatePerMinute, elapsed, this.#counters.carry);
    const inStep = rows<{ n: number }>(this.#sql, "SELECT count(*) AS n FROM entries WHERE state = 'admitted'")[0]!.n;
    const reentering = rows<{ n: number }>(this.#sql, "SELECT count(*) AS n FROM entries WHERE front = 1 AND state = 'waiting'")[0]!.n;
    const waiting = Math.max(0, this.#counters.lastPosition - this.#counters.admittedThrough) + reentering;
    const count = admitCount(quota, config.maxInBookingStep, inStep, waiting);
    this.ctx.storage.transactionSync(() => {
      if (count > 0) {
        const admitted = rows<{ position: number; front: number }>(
          this.#sql,
          `UPDATE entries SET state = 'admitted', admitted_at = coalesce(admitted_at, ?), grant_issued_at = ?,
                  grant_expires_at = ?, grant_id = lower(hex(randomblob(16))), front = 0
           WHERE identity IN (SELECT identity FROM entries WHERE state = 'waiting' ORDER BY front DESC, position LIMIT ?)
           RETURNING position`,
          now,
          now,
          now + config.grantLifetimeSeconds * 1000,
          count,
        );
        // A loop, not Math.max(...spread): a tick may admit tens of thousands at a high rate.
        for (const { position } of admitted) if (position > this.#counters.admittedThrough) this.#counters.admittedThrough = position;
        if (admitted.length > 0) this.#sql.exec("INSERT INTO admission_log (at, count) VALUES (?, ?)", now, admitted.length);
      }
      this.#sql.exec("DELETE FROM admission_log WHERE at < ?", now - 12 * RATE_WINDOW_MS);
      this.#counters.lastTickAtMs = now;
      // A full booking step must not bank quota for a burst once people leave it.
      this.#counters.carry = count < quota ? 0 : carry;
      this.#writeMeta("counters", this.#counters);
    });
  }

  #progress(config: CohortConfig, now: number): QueueProgress {
    return {
      phase: cohortPhase(config, now, this.#controls),
      admittedThrough: this.#counters.admittedThrough,
      lastPosition: this.#counters.lastPosition,
      admissionRatePerMinute: this.#measuredRatePerMinute(now, config),
      lastClosesAtMs: Math.max(...config.windows.map((w) => Date.parse(w.closesAt))),
      lastDrawAtMs: rows<{ at: number | null }>(this.#sql, "SELECT max(applied_at) AS at FROM shuffle_seeds")[0]?.at ?? null,
      nowMs: now,
    };
  }

  /** Admissions per minute over the recent window; the configured rate before there is a minute of history. */
  #measuredRatePerMinute(now: number, config: CohortConfig): number {
    const row = rows<{ total: number | null; first: number | null }>(
      this.#sql,
      "SELECT sum(count) AS total, min(at) AS first FROM admission_log WHERE at > ?",
      now - RATE_WINDOW_MS,
    )[0];
    if (!row?.total || row.first === null) return config.admissionRatePerMinute;
    const spanMs = now - row.first + ADMISSION_TICK_MS;
    if (spanMs < 60_000) return config.admissionRatePerMinute;
    return (row.total * 60_000) / spanMs;
  }

  /** Sets the alarm for the next thing that must happen: an admission tick, an opening or an expiry. */
  async #schedule(now: number): Promise<void> {
    const config = this.#config;
    if (!config) return;
    const phase = cohortPhase(config, now, this.#controls);
    const candidates: number[] = [];
    const someoneWaiting = rows(this.#sql, "SELECT 1 FROM entries WHERE state = 'waiting' LIMIT 1").length > 0;
    const nextExpiry = rows<{ at: number | null }>(this.#sql, "SELECT min(grant_expires_at) AS at FROM entries WHERE state = 'admitted'")[0]?.at;
    if (phase.status === "open" && someoneWaiting) candidates.push(now + ADMISSION_TICK_MS);
    if (nextExpiry) candidates.push(nextExpiry);
    if (phase.windowIndex !== null && phase.opensAt && Date.parse(phase.opensAt) > now) {
      candidates.push(Date.parse(phase.opensAt));
      if (phase.status === "upcoming") candidates.push(prequeueOpensAtMs(config, phase.windowIndex));
    }
    if (candidates.length === 0) return;
    const next = Math.max(now, Math.min(...candidates));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  #entry(identity: string): EntryView | null {
    const row = entryRow(this.#sql, identity);
    return row ? entryView(row, this.#config?.reentryWindowSeconds ?? 0) : null;
  }

  #readMeta<T>(key: string): T | null {
    const row = rows<{ value: string }>(this.#sql, "SELECT value FROM meta WHERE key = ?", key)[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  #writeMeta(key: string, value: unknown): void {
    this.#sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, JSON.stringify(value));
  }
}
