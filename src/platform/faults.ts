// A fault switch for the booking path's database writes, so tests and the rehearsal can show how
// admission follows a slow or failing backend. Inert unless the Worker's `LOCAL_FAULTS` binding is
// "on": only the test runner sets it, never wrangler.toml, so a deployment has no way to turn it on.

/** The faults injected into each booking commit. */
export interface BookingFaults {
  /** Added before each commit, in milliseconds. */
  delayMs: number;
  /** Every commit fails after the delay. */
  failing: boolean;
}

const NONE: BookingFaults = { delayMs: 0, failing: false };
let current: BookingFaults = NONE;

/** Sets the faults of this isolate's booking commits (tests only); `{}` clears them. */
export function setBookingFaults(faults: Partial<BookingFaults>): void {
  current = { ...NONE, ...faults };
}

/** Whether this Worker has the switch at all: only where the test runner or the rehearsal set `LOCAL_FAULTS`. */
export function faultSwitchPresent(env: Env): boolean {
  return (env as { LOCAL_FAULTS?: string }).LOCAL_FAULTS === "on";
}

/** Applies the injected faults before a booking commit, when the switch exists at all. */
export async function injectBookingFault(env: Env): Promise<void> {
  if (!faultSwitchPresent(env)) return;
  if (current.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, current.delayMs));
  if (current.failing) throw new Error("injected booking commit failure");
}
