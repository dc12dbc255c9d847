// Several people's places on one device: a switcher between them, and links that stay on one person.
import { formatCalendarDate } from "../../copy/format";
import { fill, type Lang } from "../../copy/lang";
import type { Strings } from "../../copy/pages";
import { h } from "./dom";
import { forHolder, holders, type Saved } from "./store";

/** What naming a place needs from a page's data. */
export interface PlaceNaming {
  lang: Lang;
  text: Pick<Strings, "personN" | "placeBorn" | "placeLabelled">;
}

/**
 * How a place is named on this device: its label and birth date (`Mother · born 15 March 1952`),
 * the birth date alone, or, for a place saved before either was kept, its order.
 */
export function placeName(saved: Saved, n: number, { lang, text }: PlaceNaming): string {
  const birth = saved.birthDate ? formatCalendarDate(saved.birthDate, lang) : "";
  if (saved.label && birth) return fill(text.placeLabelled, { label: saved.label, birth });
  if (birth) return fill(text.placeBorn, { birth });
  return saved.label || fill(text.personN, { n });
}

/**
 * Lists this device's places in `#places` (only when there are several), each linking to
 * `path` for that person; the current one is marked. Switching person reloads the page.
 */
export function showPlaces(cohortId: string, current: string | undefined, path: string, naming: PlaceNaming): void {
  const nav = document.getElementById("places");
  const all = holders(cohortId);
  if (!nav || all.length < 2) return;
  nav.querySelector("ul")!.replaceChildren(
    ...all.map(({ holder, saved }, i) => {
      const link = h("a", { href: forHolder(path, holder) }, placeName(saved, i + 1, naming));
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
