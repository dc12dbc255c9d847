// The one script of the citizen pages: plain DOM, no framework, a few kilobytes. Each page names
// itself in <body data-page> and hands its facts in #page-data.
import type { ClientData } from "../client-data";
import { bookPage } from "./book";
import { cohortPage } from "./cohort";
import { donePage } from "./done";
import { forgetNationalIds } from "./store";
import { waitPage } from "./wait";

forgetNationalIds();

const element = document.getElementById("page-data");
if (element?.textContent) {
  const data = JSON.parse(element.textContent) as ClientData;
  switch (data.page) {
    case "cohort":
      cohortPage(data as ClientData<"cohort">);
      break;
    case "wait":
      waitPage(data as ClientData<"wait">);
      break;
    case "book":
      void bookPage(data as ClientData<"book">);
      break;
    case "done":
    case "manage":
      donePage(data as ClientData<"done" | "manage">);
      break;
  }
}
