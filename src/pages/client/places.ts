// Several people's places on one device: a switcher between them, and links that stay on one person.
import { fill } from "../../copy/lang";
import { h } from "./dom";
import { forHolder, holders } from "./store";

/**
 * Lists this device's places in `#places` (only when there are several), each linking to
 * `path` for that person; the current one is marked. Switching person reloads the page.
 */
export function showPlaces(cohortId: string, current: string | undefined, path: string, personN: string): void {
  const nav = document.getElementById("places");
  const all = holders(cohortId);
  if (!nav || all.length < 2) return;
  nav.querySelector("ul")!.replaceChildren(
    ...all.map(({ holder }, i) => {
      const link = h("a", { href: forHolder(path, holder) }, fill(personN, { n: i + 1 }));
      if (holder === current) link.setAttribute("aria-current", "page");
      return h("li", {}, link);
    }),
  );
  nav.hidden = false;
  window.addEventListener("hashchange", () => location.reload());
}

/** Points every link to one of the cohort's pages at the current person. */
export function keepHolderInLinks(paths: string[], holder: string | undefined): void {
  if (!holder) return;
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>("main a[href]"))) {
    if (paths.includes(link.getAttribute("href")!)) link.href = forHolder(link.getAttribute("href")!, holder);
  }
}
