// The waiting page's text-message box: asks the API whether this place may be texted, leaves or
// removes the number, and shows it masked ("you can close this page; we will text you at ...").
import type { Lang } from "../../copy/lang";
import { apiErrorText } from "../api-errors";
import type { NotifyAnswer } from "../place-values";
import { call } from "./api";
import { byId, fillSlots } from "./dom";

/** The states of a place in which leaving a number means something: it has not been admitted yet. */
const WAITING = new Set(["prequeue", "waiting", "sold_out"]);

/** Runs the box. `place()` gives the API path's query and the saved ticket of the place shown now. */
export function notifyBox(options: { cohortId: string; lang: Lang; unavailable: string; place: () => { query: string; ticket?: string } }) {
  const box = byId("notify");
  const form = byId("notify-form") as HTMLFormElement;
  const remove = byId("notify-remove") as HTMLFormElement;
  const error = byId("notify-error");
  const path = () => `/api/v1/cohorts/${options.cohortId}/queue/notify${options.place().query}`;
  let shownFor: string | null = null;

  const show = (answer: NotifyAnswer | null) => {
    const part = !answer || answer.reason === "not_offered" ? null : answer.subscribed ? "left" : answer.available ? "form" : "at_opening";
    box.hidden = part === null;
    for (const element of Array.from(box.querySelectorAll<HTMLElement>("[data-notify]"))) element.hidden = element.dataset.notify !== part;
    if (answer?.phone) fillSlots(box, { phone: answer.phone });
  };

  const refresh = async () => {
    const answer = await call("GET", path(), { bearer: options.place().ticket });
    show(answer.status === 200 ? (answer.body as NotifyAnswer) : null);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const json = { phone: String(data.get("phone") ?? ""), seatsBack: data.get("seatsBack") === "1", lang: options.lang };
    const answer = await call("PUT", path(), { bearer: options.place().ticket, json });
    error.hidden = answer.status === 200;
    if (answer.status !== 200) {
      error.textContent = apiErrorText(answer.body, options.lang, options.unavailable);
      return;
    }
    form.reset();
    show(answer.body as NotifyAnswer);
  });

  remove.addEventListener("submit", async (event) => {
    event.preventDefault();
    await call("DELETE", path(), { bearer: options.place().ticket });
    await refresh();
  });

  return {
    /** Follows the place's state: asks again when it changes (a draw gives the place its number in line). */
    update(state: string) {
      if (!WAITING.has(state)) {
        box.hidden = true;
        shownFor = state;
        return;
      }
      if (shownFor === state) return;
      shownFor = state;
      void refresh();
    },
  };
}
