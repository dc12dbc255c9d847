import { assetPath } from "../../pages/assets";
import { Layout } from "../../pages/layout";

const HEAD = (
  <>
    <link rel="stylesheet" href={assetPath("admin.css")} />
    <meta name="robots" content="noindex" />
  </>
);

/**
 * The operators' dashboard, in the site's layout. The page is public and carries no data: its
 * script (src/pages/client/admin.ts) asks for the admin token, then fetches each cohort's stats
 * panel with it every five seconds, and sends live controls with the operator's name.
 */
export function Dashboard() {
  return (
    <Layout lang="en" title="Dashboard" page="admin" brand="Operators · Vaccination waiting room" scripts={["admin.js"]} head={HEAD}>
      <div class="toolbar">
        <label>
          Admin token <input id="token" type="password" autocomplete="off" size={22} />
        </label>
        <button id="use-token" type="button" class="primary">
          Use token
        </button>
        <label>
          Your name <input id="operator" size={12} />
        </label>
        <label>
          Cohort <select id="cohort" />
        </label>
      </div>
      <p id="message" role="status" />
      <div class="controls">
        <button type="button" data-action="pause">
          Pause
        </button>
        <button type="button" data-action="resume">
          Resume
        </button>
        <button
          type="button"
          class="danger"
          data-action="hold"
          data-confirm="Hold everyone: nobody admitted, nobody books, grants frozen. Continue?"
        >
          Hold (emergency stop)
        </button>
        <button type="button" data-action="release">
          Release
        </button>
        <button
          type="button"
          class="danger"
          data-action="close"
          data-confirm="Close this cohort early: no joins, admissions or bookings. Continue?"
        >
          Close early
        </button>
        <button type="button" data-action="reopen">
          Reopen
        </button>
        <button type="button" data-action="adaptive_off">
          Adaptive off
        </button>
        <button type="button" data-action="adaptive_on">
          Adaptive on
        </button>
        <input id="rate" inputmode="numeric" placeholder="rate / min" aria-label="admission rate per minute" />
        <button id="set-rate" type="button">
          Set rate
        </button>
        <input id="cap" inputmode="numeric" placeholder="booking cap" aria-label="booking-step cap" />
        <button id="set-cap" type="button">
          Set cap
        </button>
        <input id="reason" placeholder="reason (audited)" aria-label="reason" />
      </div>
      <div id="panel" />
    </Layout>
  );
}
