import type { ClientData } from "../client-data";

/** The data the page hands its script in `#page-data`, or null on a page without. */
export function readPageData(): ClientData | null {
  const element = document.getElementById("page-data");
  return element?.textContent ? (JSON.parse(element.textContent) as ClientData) : null;
}
