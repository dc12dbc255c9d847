// The operators' dashboard script: asks for the admin token (kept in this tab's sessionStorage
// only), lists the cohorts, refreshes the chosen cohort's stats panel every five seconds and sends
// live controls with the operator's name. Nothing here is trusted by the server: every call is
// checked against the admin token there. It speaks the page's language, with the messages the
// page hands it in `#page-data`, and asks for the panel in that language.
import type { DashboardScriptData } from "../../../copy/dashboard";
import { fill } from "../../../copy/lang";
import { apiErrorText } from "../../../pages/api-errors";
import { byId } from "../../../pages/client/dom";

const REFRESH_MS = 5000;
const { lang, text } = JSON.parse(byId("page-data").textContent ?? "") as DashboardScriptData;

const say = (message: string) => {
  byId("message").textContent = message;
};
const token = () => sessionStorage.getItem("adminToken") ?? "";
const input = (id: string) => byId<HTMLInputElement>(id);
const cohort = () => byId<HTMLSelectElement>("cohort").value;

function headers(json = false): Record<string, string> {
  const h: Record<string, string> = { Authorization: `Bearer ${token()}`, "X-Operator": input("operator").value.trim() || "dashboard" };
  if (json) h["Content-Type"] = "application/json";
  return h;
}

async function loadCohorts(): Promise<void> {
  if (!token()) return say(text.enterToken);
  const response = await fetch("/admin/v1/cohorts", { headers: headers() });
  if (response.status === 401) return say(text.tokenRefused);
  const { cohorts } = (await response.json()) as { cohorts: Array<{ id: string; name: Record<typeof lang, string> }> };
  const select = byId<HTMLSelectElement>("cohort");
  const chosen = select.value || location.hash.slice(1);
  select.replaceChildren(
    ...cohorts.map((c) => {
      const option = document.createElement("option");
      option.value = c.id;
      option.textContent = `${c.id} · ${c.name[lang]}`;
      return option;
    }),
  );
  if (cohorts.some((c) => c.id === chosen)) select.value = chosen;
  say(cohorts.length === 0 ? text.noCohorts : "");
  await refresh();
}

async function refresh(): Promise<void> {
  const id = cohort();
  if (!id || !token()) return;
  location.hash = id;
  // The language switch keeps the chosen cohort (the token stays in this tab's sessionStorage).
  const switchLink = document.querySelector<HTMLAnchorElement>("a.lang");
  if (switchLink) switchLink.hash = id;
  const response = await fetch(`/admin/v1/cohorts/${encodeURIComponent(id)}/stats/panel?lang=${lang}`, { headers: headers() });
  if (!response.ok) return say(fill(text.statsUnavailable, { status: response.status }));
  // The panel is rendered by the server from the object's counters; it holds no script.
  byId("panel").innerHTML = await response.text();
}

async function control(body: Record<string, unknown>, confirmText?: string): Promise<void> {
  if (!cohort() || (confirmText && !confirm(confirmText))) return;
  const reason = input("reason").value.trim();
  if (reason) body.reason = reason;
  const response = await fetch(`/admin/v1/cohorts/${encodeURIComponent(cohort())}/controls`, {
    method: "POST",
    headers: headers(true),
    body: JSON.stringify(body),
  });
  say(apiErrorText(await response.json(), lang, ""));
  await refresh();
}

const numberIn = (id: string) => (input(id).value.trim() === "" ? null : Number(input(id).value));

byId("use-token").addEventListener("click", () => {
  sessionStorage.setItem("adminToken", input("token").value.trim());
  input("token").value = "";
  void loadCohorts();
});
input("operator").value = localStorage.getItem("operatorName") ?? "";
input("operator").addEventListener("change", () => localStorage.setItem("operatorName", input("operator").value.trim()));
byId("cohort").addEventListener("change", () => void refresh());
for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>("[data-action]"))) {
  button.addEventListener("click", () => void control({ action: button.dataset.action }, button.dataset.confirm));
}
byId("set-rate").addEventListener("click", () => void control({ action: "set_rate", admissionRatePerMinute: numberIn("rate") }));
byId("set-cap").addEventListener("click", () => void control({ action: "set_cap", maxInBookingStep: numberIn("cap") }));
void loadCohorts();
setInterval(() => void refresh(), REFRESH_MS);
