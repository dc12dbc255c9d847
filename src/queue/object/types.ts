// The shapes the queue object's RPC methods answer with, shared with their callers at the edge.
import type { CohortPhase } from "../../domain/cohort-phase";
import type { ErrorCode } from "../../platform/errors";
import type { ConfigVersionSummary } from "./config-versions";
import type { ControlLogEntry, LiveControls } from "./controls";

/** Where a person stands in a cohort's queue. */
/** `cancelled`: the person booked, then cancelled; their place is given up and they may join again, at the back. */
export type EntryState = "prequeue" | "waiting" | "admitted" | "booked" | "expired" | "closed" | "cancelled";

/** One person's place, as the queue object reports it. */
export interface EntryView {
  state: EntryState;
  /** Null while in the pre-queue. */
  position: number | null;
  grant: { id: string; issuedAtMs: number; expiresAtMs: number } | null;
  /** If the grant goes unused: until when the person may come back once and re-enter at the front. */
  reentryUntilMs: number | null;
}

/** How far admission has advanced; the same for everyone, so it can be cached at the edge. */
export interface QueueProgress {
  phase: CohortPhase;
  /** Every position up to this one has been admitted (or skipped as closed). */
  admittedThrough: number;
  /** Highest position handed out so far. */
  lastPosition: number;
  /** Admissions per minute measured over recent minutes; the configured rate until there is data. */
  admissionRatePerMinute: number;
  /** The cohort's final closing instant; tickets live until a while after it. */
  lastClosesAtMs: number;
  /** When the most recent pre-queue draw gave positions; null before any. A ticket without a position issued after it is still in the pre-queue. */
  lastDrawAtMs: number | null;
  /** The object's clock when it reported this; the edge measures the age of a cached copy from it. */
  nowMs: number;
  /** When the clock alone next changes the phase (an opening or closing); a cached copy expires then. Null: never. */
  phaseUntilMs: number | null;
  /** Supply exists and no seat is left: admission has stopped and waiting people are told so. */
  soldOut: boolean;
  /** An operator's emergency hold: nobody is admitted and nobody books (the phase says `paused`). */
  held: boolean;
  /** People holding a pass now, and how many may at once (the live cap): at the cap the line stops. */
  inBookingStep: number;
  maxInBookingStep: number;
  /** How long a pass lasts, and when the first one out now expires (null: none out). */
  grantLifetimeSeconds: number;
  firstPassExpiresAtMs: number | null;
}

/** A refusal from the queue object, with the public error code the edge answers with. */
export interface QueueRefusal {
  ok: false;
  code: ErrorCode;
  detail: string;
  detailKo: string;
  opensAt?: string;
}

/** A person's place together with the queue's progress, as one answer. */
export interface PlaceReport {
  entry: EntryView;
  progress: QueueProgress;
}

/** A person's place, if they have one, with the queue's progress. */
export interface StatusReport {
  entry: EntryView | null;
  progress: QueueProgress;
}

/** The outcome of joining. */
export type JoinOutcome = ({ ok: true } & PlaceReport) | QueueRefusal;

/** The outcome of checking that a booking may go ahead. */
export type BookingAuthorization = { ok: true; vaccines?: string[] } | QueueRefusal;

/** The operators' audit trail of a cohort: config versions and live controls, newest first. */
export interface OperatorLog {
  versions: ConfigVersionSummary[];
  controls: LiveControls;
  controlLog: ControlLogEntry[];
}
