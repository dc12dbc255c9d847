// The script of the pages a surge loads: the cohort page and the waiting page. Plain DOM, no
// framework, a few kilobytes; booking has its own script (booking-main.ts), loaded only there.
import type { ClientData } from "../client-data";
import { cohortPage } from "./cohort";
import { readPageData } from "./page-data";
import { forgetNationalIds } from "./store";
import { waitPage } from "./wait";

forgetNationalIds();
const data = readPageData();
if (data?.page === "cohort") cohortPage(data as ClientData<"cohort">);
if (data?.page === "wait") waitPage(data as ClientData<"wait">);
