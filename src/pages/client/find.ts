// "Find your booking" on any device: the booking code and the holder's ID number go to the
// bookings API, which answers the booking and a fresh receipt; both are kept on this device the way
// the booking page keeps them, and the booking page of its group opens, for that person.

import { apiErrorText } from "../api-errors";
import type { FindData } from "../client-data";
import { cohortLinks } from "../cohort-facts";
import { call } from "./api";
import { byId, setFieldMessage } from "./dom";
import { forHolder, holderOf, save } from "./store";

/** The code as the API stores it: capitals, no spaces or dashes. */
const CODE = /^[2-9A-HJKMNP-Z]{8}$/;

/** Runs the find page. */
export function findPage(data: FindData): void {
  const { text, lang } = data;
  const form = byId<HTMLFormElement>("find-form");
  const code = byId<HTMLInputElement>("booking-code");
  const codeMessage = byId("booking-code-message");
  const nationalId = byId<HTMLInputElement>("national-id");
  const idMessage = byId("national-id-message");
  const problem = byId("find-error");
  const button = byId<HTMLButtonElement>("find-button");
  const typedCode = () => code.value.replace(/[\s-]/g, "").toUpperCase();
  const checkCode = (final: boolean) => {
    const ok = CODE.test(typedCode());
    setFieldMessage(code, codeMessage, ok || (!final && typedCode().length < 8) ? "" : text.findCodeProblem, ok);
    return ok;
  };
  const checkId = () => {
    const ok = /^\d{6}-?\d{7}$/.test(nationalId.value.trim());
    setFieldMessage(nationalId, idMessage, ok ? "" : data.idProblems.format, ok);
    return ok;
  };
  code.addEventListener("input", () => checkCode(false));
  nationalId.addEventListener("input", () => {
    if (nationalId.getAttribute("aria-invalid") === "true") checkId();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.textContent = "";
    const codeOk = checkCode(true);
    const idOk = checkId();
    if (!codeOk) return code.focus();
    if (!idOk) return nationalId.focus();
    button.disabled = true;
    button.textContent = text.finding;
    const answer = await call("POST", "/api/v1/find-booking", { json: { code: typedCode(), nationalId: nationalId.value.trim() } });
    if (answer.status === 200 && answer.body?.booking && answer.body.receipt) {
      const { booking, receipt } = answer.body;
      const holder = holderOf(receipt);
      save(booking.cohortId, holder, { receipt, booking });
      return location.assign(forHolder(cohortLinks(lang, booking.cohortId).manage, holder));
    }
    button.disabled = false;
    button.textContent = text.findButton;
    problem.textContent = apiErrorText(answer.body, lang, data.errors.unavailable);
    problem.focus();
  });
}
