// The waiting page: polls the place at the server's pace, shows it, tells screen readers.

import { formatCountdown } from "../../copy/format";
import { fill } from "../../copy/lang";
import { apiErrorText } from "../api-errors";
import type { ClientData } from "../client-data";
import { type PlaceAnswer, placeValues } from "../place-values";
import { call } from "./api";
import { serverNow, syncClock } from "./clock";
import { byId, fillSlots } from "./dom";
import { notifyBox } from "./notify";
import { keepHolderInLinks, showPlaces } from "./places";
import { currentHolder, holderOf, loadSaved, save } from "./store";

/** Screen readers hear the figures at most this often (state changes always). */
const ANNOUNCE_EVERY_MS = 30_000;
/** A person admitted is not hurried by polls: check again this rarely (their grant's expiry). */
const ADMITTED_POLL_SECONDS = 30;

/** Runs the waiting page. */
export function waitPage(data: ClientData<"wait">): void {
  const { cohort, lang, links } = data;
  let holder = currentHolder(cohort.id);
  keepHolderInLinks([links.book, links.done], holder);
  showPlaces(cohort.id, holder, links.wait, data);
  const place = byId("place");
  const offline = byId("offline");
  const updated = byId("updated");
  const announcer = byId("announce");
  let timer = 0;
  let shownState = "loading";
  let lastAnnounced = { at: 0, text: "" };
  let failures = 0;
  let lastPollAt = 0;
  const notify = notifyBox({
    cohortId: cohort.id,
    lang,
    unavailable: data.errors.unavailable,
    place: () => ({ query: holder ? `?holder=${holder}` : "", ticket: loadSaved(cohort.id, holder).ticket }),
  });

  const announce = (sentence: string, force: boolean) => {
    const now = performance.now();
    if (sentence === lastAnnounced.text || (!force && now - lastAnnounced.at < ANNOUNCE_EVERY_MS)) return;
    announcer.textContent = sentence;
    lastAnnounced = { at: now, text: sentence };
  };

  // Shows one state's section; a change of state is announced at once with its heading.
  const show = (state: string, figures = "") => {
    for (const section of Array.from(place.querySelectorAll<HTMLElement>("[data-state]"))) section.hidden = section.dataset.state !== state;
    const heading = place.querySelector(`[data-state="${state}"] h1, [data-state="${state}"] .message`)?.textContent ?? "";
    if (state !== shownState) {
      document.title = heading;
      announce(`${heading} ${figures}`.trim(), true);
    } else if (figures) {
      announce(figures, false);
    }
    shownState = state;
  };

  const render = (answer: PlaceAnswer) => {
    const now = serverNow();
    const values = placeValues(answer, lang, cohort.timeZone, now ?? 0);
    if (now === null) delete values.updated;
    fillSlots(document, values);
    updated.hidden = now === null;
    for (const when of Array.from(place.querySelectorAll<HTMLElement>("[data-when]"))) {
      when.hidden = (when.dataset.when === "reentry") !== Boolean(answer.reentryUntil);
    }
    // Why the line stands still, if it does; and the wait only while something says how long.
    for (const note of Array.from(place.querySelectorAll<HTMLElement>("[data-paused]")))
      note.hidden = note.dataset.paused !== answer.paused?.reason;
    // Far back: a time to come back instead of a wait to watch.
    byId("eta-line").hidden = !values.eta || values.comeBack !== undefined;
    byId("come-back").hidden = values.comeBack === undefined;
    const figures = fill(values.eta ? data.text.announce : data.text.announcePaused, values);
    show(answer.state, answer.state === "waiting" ? figures : "");
    notify.update(answer.state);
  };

  const schedule = (seconds: number) => {
    clearTimeout(timer);
    timer = setTimeout(poll, seconds * 1000) as unknown as number;
  };

  async function poll() {
    lastPollAt = performance.now();
    const { ticket } = loadSaved(cohort.id, holder);
    // Without a saved ticket the API's own cookie (set when joining) still identifies the place.
    const query = holder ? `?holder=${holder}` : "";
    const answer = await call("GET", `/api/v1/cohorts/${cohort.id}/queue${query}`, { bearer: ticket });
    if (answer.status === 0 || answer.status >= 500) {
      // The place is safe on the server; keep trying, backing off, and say so.
      offline.hidden = false;
      failures += 1;
      return schedule(Math.min(60, 2 ** Math.min(failures, 5)));
    }
    offline.hidden = true;
    failures = 0;
    if (answer.status !== 200) {
      fillSlots(place, { error: apiErrorText(answer.body, lang, data.errors.unavailable) });
      return show("error");
    }
    if (answer.body.ticket) {
      holder = holder ?? holderOf(answer.body.ticket);
      save(cohort.id, holder, { ticket: answer.body.ticket });
    }
    const current = answer.body as PlaceAnswer;
    render(current);
    if (current.state === "prequeue" || current.state === "waiting" || current.state === "sold_out") schedule(current.pollAfterSeconds);
    else if (current.state === "admitted") schedule(Math.max(current.pollAfterSeconds, ADMITTED_POLL_SECONDS));
  }

  const pollSoon = () => {
    if (performance.now() - lastPollAt > 3000) void poll();
  };
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && pollSoon());
  window.addEventListener("online", pollSoon);
  // Before the opening: count down to it on the server's clock (the opening the queue object has).
  void syncClock(cohort.id).then((info) => {
    const opensAt = info?.status === "prequeue" && info.opensAt ? Date.parse(info.opensAt) : null;
    if (opensAt !== null) {
      const box = byId("opens-in");
      const tick = () => {
        const now = serverNow();
        box.hidden = now === null || now >= opensAt;
        if (now !== null) fillSlots(box, { opensIn: formatCountdown(opensAt - now, lang) });
      };
      tick();
      setInterval(tick, 1000);
    }
    return poll();
  });
}
