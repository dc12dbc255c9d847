/** An element by id (the pages are server-rendered, so the ids the script uses exist). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Writes each value into every `[data-v=name]` element under `root`. */
export function fillSlots(root: ParentNode, values: Record<string, string>): void {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>("[data-v]"))) {
    const value = values[element.dataset.v!];
    if (value !== undefined) element.textContent = value;
  }
}

/** Creates an element with attributes and children. */
export function h(tag: string, attributes: Record<string, string | boolean> = {}, ...children: Array<Node | string>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/**
 * Shows a message under a field (or clears it), marking the field invalid for assistive
 * technology. A field that no longer says something wrong leaves the error summary too.
 */
export function setFieldMessage(input: HTMLInputElement, message: HTMLElement, text: string, ok: boolean): void {
  message.textContent = text;
  message.className = `message ${text ? (ok ? "ok" : "error") : ""}`;
  input.setAttribute("aria-invalid", String(!ok && text !== ""));
  if (ok || text === "") clearProblem(input.id);
}

/** One problem of a form: what is wrong, and the id of the field it is about (none for the form as a whole). */
export interface Problem {
  field: string | null;
  text: string;
}

/** The page's own title, before any "Error: " prefix. */
let plainTitle: string | null = null;

/** Prefixes the document title with the summary's `errorTitlePrefix` ("Error: ") while it lists problems. */
function markTitle(summary: HTMLElement, on: boolean): void {
  plainTitle ??= document.title;
  document.title = on ? `${summary.dataset.titlePrefix ?? ""}${plainTitle}` : plainTitle;
}

/** Moves focus to a field (or the first choice inside a group), its label in view. */
function focusField(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  const field = element.matches("input, select, textarea, button")
    ? element
    : (element.querySelector<HTMLElement>("input:not([disabled]), select") ?? element);
  field.focus({ preventScroll: true });
  (document.querySelector(`label[for="${field.id}"]`) ?? field).scrollIntoView({ block: "center" });
}

/**
 * Lists a form's problems in its error summary (`components.tsx` ErrorSummary), each linking to
 * its field, and moves focus to the summary; an empty list hides it.
 */
export function showProblems(summaryId: string, problems: Problem[]): void {
  const summary = byId(summaryId);
  summary.querySelector("ul")!.replaceChildren(
    ...problems.map(({ field, text }) => {
      if (!field) return h("li", {}, text);
      const link = h("a", { href: `#${field}` }, text);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        focusField(field);
      });
      return h("li", { "data-field": field }, link);
    }),
  );
  summary.hidden = problems.length === 0;
  markTitle(summary, problems.length > 0);
  if (problems.length > 0) summary.focus();
}

/** Removes a field's problem from every summary once the field is right; an emptied summary goes. */
export function clearProblem(field: string): void {
  for (const item of Array.from(document.querySelectorAll(`.error-summary li[data-field="${field}"]`))) {
    const summary = item.closest<HTMLElement>(".error-summary")!;
    item.remove();
    if (!summary.querySelector("li")) {
      summary.hidden = true;
      markTitle(summary, false);
    }
  }
}
