import { z } from "zod";
import { cohortConfigSchema } from "../../domain/cohort-config";

/** What the generated document cannot read from a route: its purpose, and bodies parsed by hand. */
export interface OperationDoc {
  summary: string;
  description?: string;
  /** The request body's schema when the route parses it itself rather than with `valid("json")`. */
  body?: z.ZodType;
  /** The success status and what it carries. */
  ok?: { status: number; description: string; contentType?: string };
}

const configBody = cohortConfigSchema.omit({ id: true });

/**
 * A sentence for every route, keyed "METHOD path" as Hono lists them. A test fails when a route
 * of the app is missing here, so the document cannot drift from the code.
 */
export const OPERATIONS: Record<string, OperationDoc> = {
  "GET /api/v1/cohorts": {
    summary: "List cohorts (display only)",
    description:
      "Cohorts from the KV listing, with a status computed from it (statusSource = listing). KV may lag by a minute or more; nothing is decided from it.",
  },
  "GET /api/v1/cohorts/:cohortId": {
    summary: "One cohort, from its queue",
    description: "Status (upcoming, prequeue, open, paused, closed) and windows in UTC and local time, from the cohort's queue object.",
  },
  "GET /api/v1/cohorts/:cohortId/slots": { summary: "Clinics and slots with remaining capacity" },
  "POST /api/v1/cohorts/:cohortId/queue": {
    summary: "Join the waiting room",
    description:
      "Gives the person (by national ID number, never stored) their one place, and a signed ticket (also an HttpOnly cookie). A cohort that requires Turnstile also needs turnstileToken: the token of the cohort page's widget (action join), verified with Cloudflare, failing closed.",
  },
  "GET /api/v1/cohorts/:cohortId/queue": { summary: "Poll a place", description: "With the ticket; carries a grant once admitted." },
  "GET /api/v1/cohorts/:cohortId/queue/notify": {
    summary: "Whether this place may be texted, and the number left for it (masked)",
    description:
      "With the ticket. available is false before the draw (reason at_opening: a place needs its number in line) or when the cohort offers no text messages (not_offered).",
  },
  "PUT /api/v1/cohorts/:cohortId/queue/notify": {
    summary: "Leave a mobile number to be texted: turn near, turn come, booking code and time, seats back",
    description:
      "With the ticket, while the place waits (notify_unavailable otherwise). The number (010-XXXX-XXXX) is stored encrypted and deleted after the booking or when the last window closes; the place's grant then lasts the cohort's notifications.grantLifetimeSeconds. Throttled per address. Answers the number masked.",
  },
  "DELETE /api/v1/cohorts/:cohortId/queue/notify": { summary: "Remove the number left for this place" },
  "POST /api/v1/cohorts/:cohortId/bookings": {
    summary: "Book a slot with a grant",
    ok: { status: 201, description: "The booking and its signed receipt." },
  },
  "GET /api/v1/bookings/:bookingId": { summary: "Read a booking's status and seats with its receipt (not the holder's name)" },
  "GET /api/v1/cohorts/:cohortId/audit": { summary: "Seed commitments of each window's pre-queue draw, and the seeds once drawn" },
  "GET /api/v1/cohorts/:cohortId/audit/windows/:windowIndex/prequeue": {
    summary: "Identity keys drawn in a window's pre-queue, a page at a time",
    description:
      "503 `unavailable` (with Retry-After) while one of the cohort's intake shards does not answer: a page without its keys would not match the draw.",
  },
  "GET /api/v1/cohorts/:cohortId/audit/admissions": { summary: "Admissions in position order with their instants" },
  "GET /api/v1/openapi.json": { summary: "This document (OpenAPI 3.1)" },
  "GET /api/v1/docs": {
    summary: "A readable reference of this document",
    ok: { status: 200, description: "HTML page.", contentType: "text/html" },
  },
  "GET /admin/v1/notify/fake-outbox": {
    summary: "Messages the local fake provider recorded for a cohort (404 wherever a real provider sends)",
  },
  "GET /admin/v1/cohorts": { summary: "List cohorts with their switches (from the listing)" },
  "PUT /admin/v1/cohorts/:cohortId": {
    summary: "Save a cohort config, or dry-run it",
    description:
      "Validated (errors name the field path), checked by the guard rails at the cohort's queue object (opening in the past, live or started window changed, overlapping cohorts; override with force=1 and a reason), saved as a new version, copied to KV. With dryRun=1: what citizens will be shown, the expected queue and its drain time; nothing saved.",
    body: configBody,
  },
  "GET /admin/v1/cohorts/:cohortId": { summary: "Read a cohort's authoritative config" },
  "PUT /admin/v1/supply": {
    summary: "Load vaccines, clinics, day supply and slots, all or nothing (a supply cut moves the overflow to needs_reschedule)",
  },
  "GET /admin/v1/cohorts/:cohortId/versions": { summary: "Saved config versions, newest first: who, when, what changed" },
  "GET /admin/v1/cohorts/:cohortId/versions/:version": { summary: "One saved version with its config" },
  "POST /admin/v1/cohorts/:cohortId/versions/:version/rollback": {
    summary: "Roll back to a saved version",
    description: "Saves that version's config as a new version, through the same guard rails.",
  },
  "POST /admin/v1/cohorts/:cohortId/controls": {
    summary: "Steer a cohort live",
    description:
      "pause, resume, hold (emergency stop), release, close, reopen, set_rate, set_cap, adaptive_off and adaptive_on (admission following the booking backend's health). Takes effect at the next admission tick; audited.",
  },
  "GET /admin/v1/cohorts/:cohortId/controls": { summary: "The live switches and their audit log" },
  "GET /admin/v1/cohorts/:cohortId/stats": {
    summary: "Watch a cohort",
    description:
      "Queue length, admitted, in the booking step, bookings per minute, admission rate achieved, estimated versus actual wait, refusals by error code. `shardsMissing` names the intake shards that did not answer; their people are left out of the counts, which then read low.",
  },
  "GET /admin/v1/cohorts/:cohortId/load": {
    summary: "How much of the crowd reaches a cohort's queue object",
    description:
      "Invocations by method (RPC calls and alarms) since the object last started, and the people carried by batched calls. Polls answered at the edge do not appear here.",
  },
  "GET /admin/v1/cohorts/:cohortId/stats/panel": {
    summary: "The dashboard's panel of a cohort's stats, as HTML with inline SVG charts",
    ok: { status: 200, description: "HTML fragment.", contentType: "text/html" },
  },
  "PUT /admin/v1/schedule": {
    summary: "Load a whole schedule as one document, all or nothing",
    body: z.object({ cohorts: z.array(cohortConfigSchema).min(1).max(100) }),
  },
  "PUT /admin/v1/test-faults": {
    summary: "Slow or fail booking commits (tests and the rehearsal only)",
    description:
      "The booking path's fault switch, to show admission following a struggling backend. Answers 404 wherever the LOCAL_FAULTS binding is not on, which only the test runner and the rehearsal set.",
  },
  "POST /api/v1/find-booking": {
    summary: "Find a booking on any device with its booking code and the holder's national ID number",
    description:
      "Answers the booking and a fresh receipt, so the device can keep both and use the other booking routes. Throttled like every ID check: ID_CHECK_RATE_LIMITER per address, and the booking's wrong-number lock. A code no booking has answers exactly as a wrong number does (booking_code_mismatch 404, locked the same way), so codes cannot be enumerated.",
    ok: { status: 200, description: "The booking and a fresh signed receipt." },
  },
  "POST /api/v1/bookings/:bookingId/view": { summary: "Read a booking with its receipt and the holder's national ID number" },
  "POST /api/v1/bookings/:bookingId/cancel": { summary: "Cancel a booking (both doses), freeing its seats at once" },
  "POST /api/v1/bookings/:bookingId/reschedule": {
    summary: "Move a booking to another slot",
    description: "The new seats (both doses) are held before the old ones are released, in one transaction: never neither, never both.",
  },
  "GET /api/v1/receipts/keys": { summary: "Public keys that verify receipts (JWK set, Ed25519)" },
  "GET /api/v1/receipts/verify": {
    summary: "Verify a receipt at the edge: its signature, then whether it still stands (booking status cached 60 s per location)",
  },
  "GET /admin/v1/bookings": { summary: "Bookings by status, e.g. those a supply cut moved to needs_reschedule" },
  "GET /admin/v1/agent-actions": { summary: "The call-centre agents' audit trail" },
  "POST /agent/v1/cohorts/:cohortId/bookings": {
    summary: "Book on behalf of a citizen (call centre)",
    description: "Skips the waiting room, never eligibility, capacity or one booking per person. Audited with the agent's id.",
    ok: { status: 201, description: "The booking and its signed receipt." },
  },
  "POST /agent/v1/cohorts/:cohortId/bookings/lookup": { summary: "Find a citizen's booking in a cohort (call centre)" },
  "POST /agent/v1/find-booking": {
    summary: "Find a citizen's booking in any cohort by its booking code and the caller's national ID number (call centre, audited)",
  },
  "POST /agent/v1/bookings/:bookingId/cancel": { summary: "Cancel a citizen's booking (call centre, audited)" },
  "POST /agent/v1/bookings/:bookingId/reschedule": { summary: "Reschedule a citizen's booking (call centre, audited)" },
};
