// The script of the booking pages: choosing a seat, the confirmation, and the booking seen later.
import type { ClientData } from "../client-data";
import { bookPage } from "./book";
import { donePage } from "./done";
import { readPageData } from "./page-data";
import { forgetNationalIds } from "./store";

forgetNationalIds();
const data = readPageData();
if (data?.page === "book") void bookPage(data as ClientData<"book">);
if (data?.page === "done" || data?.page === "manage") donePage(data as ClientData<"done" | "manage">);
