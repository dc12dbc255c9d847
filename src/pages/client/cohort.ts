// The cohort page: status and countdown on the server's clock, and the join form (with the
// Turnstile widget's token when the cohort requires the check).

import { formatCountdown } from "../../copy/format";
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { call } from "./api";
import { type CohortAnswer, serverNow, syncClock } from "./clock";
import { byId, type Problem, showProblems } from "./dom";
import { idField } from "./id-field";
import { forHolder, holderOf, holders, save } from "./store";
import { hasWidget, renewToken, widgetToken } from "./turnstile";

/** Resynchronise with the server this often, and whenever the page becomes visible again. */
const RESYNC_MS = 60_000;

/** Runs the cohort page. */
export function cohortPage(data: ClientData<"cohort">): void {
  const { text, lang } = data;
  const status = byId("status");
  const box = byId("countdown-box");
  const label = byId("countdown-label");
  const countdown = byId("countdown");
  let info: CohortAnswer | null = null;
  let syncing = false;
  let lastSync = 0;

  const refresh = async () => {
    if (syncing) return;
    syncing = true;
    info = (await syncClock(data.cohort.id)) ?? info;
    lastSync = performance.now();
    syncing = false;
    if (!info) return;
    status.dataset.status = info.status;
    status.textContent = text[`status_${info.status}`];
    byId("sold-out").hidden = info.soldOut !== true;
    tick();
  };

  // The instant counted down to: the opening before it, the closing while open.
  const target = () => {
    if (!info || info.status === "closed") return null;
    const open = info.status === "open" || info.status === "paused";
    label.textContent = open ? text.countdownClosesLabel : text.countdownLabel;
    return open ? info.closesAt : info.opensAt;
  };

  function tick() {
    const instant = target();
    const now = serverNow();
    box.hidden = instant === null || now === null;
    if (instant === null || now === null) return;
    const left = Date.parse(instant) - now;
    countdown.textContent = formatCountdown(left, lang);
    // At zero the server, not this page, says what happens next.
    if ((left <= 0 && performance.now() - lastSync > 2000) || performance.now() - lastSync > RESYNC_MS) void refresh();
  }

  void refresh();
  setInterval(tick, 1000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void refresh();
  });
  joinForm(data);
}

/** Refusals of a join that are about the number typed: the summary links them to its field. */
const ABOUT_THE_NUMBER = new Set(["not_eligible", "invalid_input", "not_open"]);

function joinForm(data: ClientData<"cohort">): void {
  const form = byId<HTMLFormElement>("join-form");
  const id = idField(data);
  const labelInput = byId<HTMLInputElement>("place-label");
  const button = byId<HTMLButtonElement>("join-button");
  const problem = byId("join-error");
  if (holders(data.cohort.id).length > 0) byId("have-place").hidden = false;
  const human = hasWidget(form);
  const fail = (problems: Problem[]) => showProblems("join-summary", problems);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.textContent = "";
    const check = id.check(true);
    if (!check.ok) return fail([{ field: "national-id", text: check.message }]);
    const turnstileToken = human ? widgetToken(form) : null;
    // The server refuses a join without the check; saying so here saves the person a round trip.
    if (human && !turnstileToken) {
      problem.textContent = data.errors.turnstile_required ?? "";
      return fail([{ field: null, text: problem.textContent }]);
    }
    showProblems("join-summary", []);
    button.disabled = true;
    button.textContent = data.text.joining;
    const json = turnstileToken ? { nationalId: id.value(), turnstileToken } : { nationalId: id.value() };
    const answer = await call("POST", `/api/v1/cohorts/${data.cohort.id}/queue`, { json });
    if (answer.status === 200 && answer.body?.ticket) {
      const ticket: string = answer.body.ticket;
      const holder: string = answer.body.holder ?? holderOf(ticket);
      // Only the birth date and the person's own name for the place stay on the device, never the number.
      const label = labelInput.value.trim();
      save(data.cohort.id, holder, { ticket, ...(check.birthDate ? { birthDate: check.birthDate } : {}), ...(label ? { label } : {}) });
      location.href = forHolder(data.links.wait, holder);
      return;
    }
    problem.textContent = apiErrorText(answer.body, data.lang, data.errors.unavailable);
    const code = String(answer.body?.error?.code ?? "");
    fail([{ field: ABOUT_THE_NUMBER.has(code) ? "national-id" : null, text: problem.textContent }]);
    if (turnstileToken) renewToken();
    button.disabled = false;
    button.textContent = data.text.joinButton;
  });
}
