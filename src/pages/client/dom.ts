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

/** Shows a message under a field (or clears it), marking the field invalid for assistive technology. */
export function setFieldMessage(input: HTMLInputElement, message: HTMLElement, text: string, ok: boolean): void {
  message.textContent = text;
  message.className = `message ${text ? (ok ? "ok" : "error") : ""}`;
  input.setAttribute("aria-invalid", String(!ok && text !== ""));
}
