// The script of the booking pages: choosing a seat, the confirmation, the booking seen later, and
// finding a booking on another device.
import type { ClientData, FindData } from "../client-data";
import { bookPage } from "./book";
import { donePage } from "./done";
import { findPage } from "./find";
import { readPageData } from "./page-data";
import { forgetNationalIds } from "./store";

forgetNationalIds();
const data = readPageData() as ClientData | FindData | null;
if (data?.page === "book") void bookPage(data as ClientData<"book">);
if (data?.page === "done" || data?.page === "manage") donePage(data as ClientData<"done" | "manage">);
if (data?.page === "find") findPage(data);
