// An admission tick reads the seats left from D1 before it admits. An operator's pause or hold
// that lands at the object during that read must stop that very tick, not the one after it.
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CohortQueue } from "../../src/queue/object/cohort-queue";
import { advanceServerTime, cohortConfig, createCohort, join, loadClinic, nationalIdFor, queueStub, setServerTime } from "../helpers";

afterEach(() => vi.useRealTimers());

const OPENING = "2021-07-19T20:00:00+09:00";

async function admittedCount(cohortId: string): Promise<number> {
  return runInDurableObject(
    queueStub(cohortId),
    async (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM entries WHERE state = 'admitted'").one().n,
  );
}

describe("a control arriving while a tick reads the inventory", () => {
  for (const action of ["pause", "hold"] as const) {
    it(`a ${action} admits nobody on the tick already running`, async () => {
      setServerTime("2021-07-19T11:00:00Z");
      // Supply exists, so the tick reads the seats left from D1 before admitting.
      await loadClinic(`tick-${action}-clinic`, [{ id: `tick-${action}-slot`, capacity: 50 }], "2021-07-26T09:00:00+09:00");
      const cohortId = await createCohort(`tick-${action}`, cohortConfig(OPENING, { admissionRatePerMinute: 600 }));
      for (let i = 0; i < 5; i++) await join(cohortId, nationalIdFor("1968-02-02", i));
      advanceServerTime(1000);

      await runInDurableObject(queueStub(cohortId), async (instance: CohortQueue) => {
        const tick = instance.alarm(); // runs until it awaits the D1 read
        await instance.control({ action, reason: "operator stop" } as never, { operator: "kim" });
        await tick;
      });
      expect(await admittedCount(cohortId)).toBe(0);
    });
  }
});
