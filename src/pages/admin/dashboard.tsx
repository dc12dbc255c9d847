/**
 * The operators' dashboard. The page itself is public and carries no data: it asks for the admin
 * token (kept in this tab's sessionStorage only), then fetches each cohort's stats panel with it
 * every five seconds, and sends live controls with the operator's name.
 */
const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#1b1f24;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:17px;margin:0 12px 0 0}
header input,header select,header button{font:inherit;padding:4px 8px;border-radius:4px;border:1px solid #57606a}
main{padding:16px 20px;max-width:1200px}
#message{color:#c0392b;font-weight:600}
.controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:0 0 12px}
.controls button{font:inherit;padding:5px 10px;border-radius:4px;border:1px solid #8c959f;background:#fff;cursor:pointer}
.controls button.danger{border-color:#c0392b;color:#c0392b}
.controls input{font:inherit;width:110px;padding:4px 6px}
.status{padding:8px 12px;border-radius:6px;background:#e7f0fd;font-weight:600;margin-bottom:12px}
.status-open{background:#e3f4ea}.status-paused{background:#fff4d6}.status-closed{background:#eceff1}.status-held{background:#fde2df}
.figures{display:grid;grid-template-columns:repeat(6,1fr);gap:8px;margin-bottom:12px}
.figure{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px 10px}
.figure .label{font-size:12px;color:#57606a}.figure .value{font-size:22px;font-weight:700}.figure .note{font-size:12px;color:#57606a}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.chart{background:#fff;border:1px solid #dde1e6;border-radius:8px;width:100%;height:auto}
.chart .title{font-size:12px;font-weight:600;fill:#1b1f24}.chart .legend{font-size:11px}.chart .axis{font-size:10px;fill:#57606a}.chart .grid{stroke:#eef0f3}
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const say = (text) => { $("message").textContent = text; };
const token = () => sessionStorage.getItem("adminToken") || "";
function headers(json) {
  const h = { Authorization: "Bearer " + token(), "X-Operator": $("operator").value.trim() || "dashboard" };
  if (json) h["Content-Type"] = "application/json";
  return h;
}
async function loadCohorts() {
  if (!token()) return say("Enter the admin token.");
  const response = await fetch("/admin/v1/cohorts", { headers: headers() });
  if (response.status === 401) return say("The admin token was refused.");
  const { cohorts } = await response.json();
  const select = $("cohort");
  const chosen = select.value || location.hash.slice(1);
  select.replaceChildren(...cohorts.map((c) => { const o = document.createElement("option"); o.value = c.id; o.textContent = c.id + " · " + c.name.en; return o; }));
  if (cohorts.some((c) => c.id === chosen)) select.value = chosen;
  say("");
  refresh();
}
async function refresh() {
  const id = $("cohort").value;
  if (!id || !token()) return;
  location.hash = id;
  const response = await fetch("/admin/v1/cohorts/" + encodeURIComponent(id) + "/stats/panel", { headers: headers() });
  if (!response.ok) return say("Stats unavailable (" + response.status + ").");
  $("panel").innerHTML = await response.text();
}
async function control(body, confirmText) {
  if (confirmText && !confirm(confirmText)) return;
  const reason = $("reason").value.trim();
  if (reason) body.reason = reason;
  const response = await fetch("/admin/v1/cohorts/" + encodeURIComponent($("cohort").value) + "/controls", { method: "POST", headers: headers(true), body: JSON.stringify(body) });
  const answer = await response.json();
  say(response.ok ? "" : answer.error.message);
  refresh();
}
const number = (id) => { const v = $(id).value.trim(); return v === "" ? null : Number(v); };
$("use-token").onclick = () => { sessionStorage.setItem("adminToken", $("token").value.trim()); $("token").value = ""; loadCohorts(); };
$("operator").value = localStorage.getItem("operatorName") || "";
$("operator").onchange = () => localStorage.setItem("operatorName", $("operator").value.trim());
$("cohort").onchange = refresh;
for (const button of document.querySelectorAll("[data-action]")) {
  button.onclick = () => control({ action: button.dataset.action }, button.dataset.confirm);
}
$("set-rate").onclick = () => control({ action: "set_rate", admissionRatePerMinute: number("rate") });
$("set-cap").onclick = () => control({ action: "set_cap", maxInBookingStep: number("cap") });
loadCohorts();
setInterval(refresh, 5000);
`;

/** The dashboard page shell: no data until the operator gives the admin token. */
export function Dashboard() {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Operators · Vaccination waiting room</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <h1>Operators</h1>
          <label>
            Admin token <input id="token" type="password" autocomplete="off" size={22} />
          </label>
          <button id="use-token" type="button">
            Use token
          </button>
          <label>
            Your name <input id="operator" size={12} />
          </label>
          <label>
            Cohort <select id="cohort" />
          </label>
        </header>
        <main>
          <p id="message" />
          <div class="controls">
            <button type="button" data-action="pause">Pause</button>
            <button type="button" data-action="resume">Resume</button>
            <button type="button" class="danger" data-action="hold" data-confirm="Hold everyone: nobody admitted, nobody books, grants frozen. Continue?">
              Hold (emergency stop)
            </button>
            <button type="button" data-action="release">Release</button>
            <button type="button" class="danger" data-action="close" data-confirm="Close this cohort early: no joins, admissions or bookings. Continue?">
              Close early
            </button>
            <button type="button" data-action="reopen">Reopen</button>
            <input id="rate" inputmode="numeric" placeholder="rate / min" />
            <button id="set-rate" type="button">Set rate</button>
            <input id="cap" inputmode="numeric" placeholder="booking cap" />
            <button id="set-cap" type="button">Set cap</button>
            <input id="reason" placeholder="reason (audited)" style="width:220px" />
          </div>
          <div id="panel" />
        </main>
        <script dangerouslySetInnerHTML={{ __html: SCRIPT }} />
      </body>
    </html>
  );
}
