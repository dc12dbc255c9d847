// The national ID number field on the pages that ask for it: checked as it is typed with the
// server's rules (id-check.ts), and masked once it is right and the field is left, so a number
// on a shared screen shows only its birth date and sex digit (`680315-1******`). A toggle shows
// it again; what is sent is always the number typed, never the mask.
import type { Strings } from "../../copy/pages";
import { serverNow } from "./clock";
import { byId, setFieldMessage } from "./dom";
import { checkId, type IdCheck, type IdCheckData } from "./id-check";

/** What the field needs from a page's data. */
export type IdFieldData = IdCheckData & { text: Pick<Strings, "idShow" | "idHide"> };

/** The number with everything after the seventh digit hidden: `680315-1******`. */
export function maskId(value: string): string {
  const digits = value.replace(/\D/g, "");
  return `${digits.slice(0, 6)}-${digits.slice(6, 7)}${"*".repeat(Math.max(0, digits.length - 7))}`;
}

/** The field of the page (`#national-id`): its number, and the check that shows under it. */
export function idField(data: IdFieldData) {
  const input = byId<HTMLInputElement>("national-id");
  const message = byId("national-id-message");
  const toggle = byId<HTMLButtonElement>("national-id-toggle");
  let real: string | null = null; // set while the mask is on screen
  let shown = false;
  const value = () => (real ?? input.value).trim();
  const check = (final: boolean): IdCheck => {
    const result = checkId(value(), data, final, serverNow());
    setFieldMessage(input, message, result.message, result.ok);
    return result;
  };
  const mask = () => {
    if (shown || real !== null) return;
    real = input.value;
    input.value = maskId(real);
  };
  const unmask = () => {
    if (real === null) return;
    input.value = real;
    real = null;
  };
  const setShown = (on: boolean) => {
    shown = on;
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? data.text.idHide : data.text.idShow;
  };
  input.addEventListener("input", () => {
    check(false);
    if (!input.value) toggle.hidden = true;
  });
  input.addEventListener("focus", unmask);
  input.addEventListener("blur", () => {
    if (!input.value) return;
    if (check(true).ok) {
      toggle.hidden = false;
      mask();
    }
  });
  toggle.addEventListener("click", () => {
    setShown(!shown);
    if (shown) unmask();
    else if (check(true).ok) mask();
  });
  return { value, check, focus: () => input.focus() };
}
