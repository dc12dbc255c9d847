import type { IdCheckStats } from "../../bookings/d1/id-checks";
import { shardsMissingWarning } from "../../copy/dashboard";
import type { QueueStats } from "../../queue/object/stats";
import { BarList, LineChart } from "./charts";

const n = (value: number) => value.toLocaleString("en-US");
const hhmm = (iso: string) => iso.slice(11, 16);

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="figure">
      <div class="label">{label}</div>
      <div class="value">{value}</div>
      {note && <div class="note">{note}</div>}
    </div>
  );
}

/** The series from a minute before its first activity (at least the last ten minutes), so charts show detail. */
function recent(series: QueueStats["series"]): QueueStats["series"] {
  const first = series.findIndex((p) => p.waiting !== null || p.joined + p.admitted + p.booked + p.expired > 0);
  return series.slice(first < 0 ? -10 : Math.min(Math.max(first - 1, 0), series.length - 10));
}

/** What is switched on, in words. */
function switches(stats: QueueStats): string {
  const c = stats.controls;
  const on = [
    c.held && "HELD (emergency stop)",
    c.closedEarly && "closed early",
    c.paused && "paused",
    c.admissionRatePerMinute !== null && "rate overridden",
    c.maxInBookingStep !== null && "cap overridden",
    c.adaptiveOff && "adaptive admission off",
  ];
  return on.filter(Boolean).join(", ") || "none";
}

/** What the adaptive rate is doing, and the backend health it reads. */
function adaptiveNote(stats: QueueStats): string {
  const { on, floorPerMinute, commitP95TargetMs, health } = stats.adaptive;
  if (!on) return "adaptive off: the target is admitted";
  const lowered = stats.admissionRatePerMinute.admitting < stats.admissionRatePerMinute.effective;
  const p95 = health.p95CommitMs === null ? "no commits" : `p95 commit ${n(health.p95CommitMs)} ms`;
  return `${lowered ? "lowered for the backend" : "following the backend"} · ${p95} (target ${n(commitP95TargetMs)}), ${n(health.failures)} failed of ${n(health.samples)} · floor ${n(floorPerMinute)}`;
}

/** Which shards' counts the figures below leave out, in both languages; nothing when every shard answered. */
function ShardsMissing({ shards }: { shards: readonly number[] }) {
  if (shards.length === 0) return null;
  const said = shardsMissingWarning(shards);
  return (
    <div class="shards-missing" role="alert" data-shards-missing={shards.join(",")}>
      <p>{said.en}</p>
      <p lang="ko">{said.ko}</p>
    </div>
  );
}

/**
 * The dashboard's panel of one cohort: figures and live charts, rendered from its stats (UTC times),
 * with the wrong national ID numbers tried on its bookings' receipts.
 */
export function StatsPanel({ cohortId, stats, idChecks }: { cohortId: string; stats: QueueStats; idChecks: IdCheckStats }) {
  const series = recent(stats.series);
  const labels = series.map((p) => hhmm(p.minute));
  const waits = [...stats.waits].reverse();
  const refusals = [
    ...Object.entries(stats.refusals.queue).map(([code, value]) => ({ label: `${code} (queue)`, value })),
    ...Object.entries(stats.refusals.edge).map(([code, value]) => ({ label: `${code} (edge)`, value })),
  ];
  return (
    <div class="panel" data-cohort={cohortId}>
      <div class={`status status-${stats.phase.status}${stats.controls.held ? " status-held" : ""}`}>
        {cohortId}: {stats.phase.status.toUpperCase()} · switches: {switches(stats)} · as of {stats.now.slice(0, 19).replace("T", " ")} UTC
      </div>
      <ShardsMissing shards={stats.shardsMissing} />
      <div class="figures">
        <Figure label="waiting" value={n(stats.queue.waiting)} note={`pre-queue ${n(stats.queue.prequeue)}`} />
        <Figure label="in booking step" value={n(stats.queue.inBookingStep)} note={`cap ${n(stats.maxInBookingStep.effective)}`} />
        <Figure label="admitted" value={n(stats.totals.admitted)} note={`through position ${n(stats.queue.admittedThrough)}`} />
        <Figure label="booked" value={n(stats.totals.booked)} note={`${n(stats.bookingsPerMinute)} last minute`} />
        <Figure
          label="admission rate / min"
          value={n(stats.admissionRatePerMinute.lastMinute)}
          note={`target ${n(stats.admissionRatePerMinute.effective)}${stats.admissionRatePerMinute.effective !== stats.admissionRatePerMinute.configured ? ` (config ${n(stats.admissionRatePerMinute.configured)})` : ""}`}
        />
        <Figure label="admitting at / min" value={n(stats.admissionRatePerMinute.admitting)} note={adaptiveNote(stats)} />
        <Figure label="grants expired" value={n(stats.totals.expired)} note={`${n(stats.totals.joined)} joined`} />
        <Figure
          label="wrong ID numbers / hour"
          value={n(idChecks.wrongLastHour)}
          note={`${n(idChecks.lockedBookings)} booking${idChecks.lockedBookings === 1 ? "" : "s"} locked now`}
        />
      </div>
      <div class="charts">
        <LineChart
          title="People waiting"
          labels={labels}
          lines={[{ name: "waiting", color: "#2f6fdf", values: series.map((p) => p.waiting) }]}
        />
        <LineChart
          title="Admitted per minute"
          labels={labels}
          lines={[
            { name: "admitted", color: "#1d8a4a", values: series.map((p) => p.admitted) },
            { name: "target", color: "#8c959f", values: series.map(() => stats.admissionRatePerMinute.effective), dashed: true },
            { name: "admitting at", color: "#c0392b", values: series.map(() => stats.admissionRatePerMinute.admitting), dashed: true },
          ]}
        />
        <LineChart
          title="Bookings and expired grants per minute"
          labels={labels}
          lines={[
            { name: "booked", color: "#b86e00", values: series.map((p) => p.booked) },
            { name: "expired", color: "#c0392b", values: series.map((p) => p.expired) },
          ]}
        />
        <LineChart
          title="Wait at the back of the line (s): estimated vs actual"
          labels={waits.map((w) => hhmm(w.at))}
          lines={[
            { name: "estimated", color: "#6f42c1", values: waits.map((w) => w.estimatedSeconds), dashed: true },
            { name: "actual", color: "#1b1f24", values: waits.map((w) => w.actualSeconds) },
          ]}
        />
        <BarList title="Refusals by error code" items={refusals} color="#c0392b" />
      </div>
    </div>
  );
}
