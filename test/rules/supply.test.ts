import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeldBooking, planSupplyChange, spreadCapacity, supplyBlocks } from "../../src/domain/supply";

const at = (hhmm: string) => Date.parse(`2021-08-16T${hhmm}:00+09:00`);

describe("supply blocks", () => {
  it("cuts opening hours into consecutive blocks of the slot length", () => {
    const blocks = supplyBlocks(at("09:00"), at("11:00"), 30);
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toEqual({ startsAtMs: at("09:00"), endsAtMs: at("09:30") });
    expect(blocks[3]).toEqual({ startsAtMs: at("10:30"), endsAtMs: at("11:00") });
  });
});

describe("spreading a day's doses over its blocks", () => {
  it("splits evenly with the remainder going to the earliest blocks", () => {
    expect(spreadCapacity(10, [0, 0, 0, 0])).toEqual([3, 3, 2, 2]);
    expect(spreadCapacity(0, [0, 0])).toEqual([0, 0]);
  });

  it("never gives a block less than it already holds", () => {
    expect(spreadCapacity(10, [6, 0, 0, 0])).toEqual([6, 2, 1, 1]);
    expect(spreadCapacity(7, [6, 1, 0])).toEqual([6, 1, 0]);
  });

  it("refuses to spread fewer doses than are held: the overflow must be chosen first", () => {
    expect(() => spreadCapacity(3, [2, 2])).toThrow(RangeError);
  });

  it("always sums to the day's supply, covers every block's holdings and differs by at most one where free (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 0, max: 500 }),
        (held, extra) => {
          const total = held.reduce((a, b) => a + b, 0) + extra;
          const capacities = spreadCapacity(total, held);
          expect(capacities.reduce((a, b) => a + b, 0)).toBe(total);
          for (const [i, c] of capacities.entries()) expect(c).toBeGreaterThanOrEqual(held[i]!);
          const raised = capacities.filter((c, i) => c > held[i]!);
          if (raised.length > 0) expect(Math.max(...raised) - Math.min(...raised)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

const booking = (bookingId: string, heldSince: string, ...slotIds: string[]): HeldBooking => ({ bookingId, heldSince, slotIds });

describe("planning a supply cut", () => {
  it("moves exactly the overflow of a day, newest first, and fits the rest", () => {
    const holders = [
      booking("a", "2021-07-19T11:00:01Z", "b1"),
      booking("b", "2021-07-19T11:00:02Z", "b1"),
      booking("c", "2021-07-19T11:00:03Z", "b2"),
      booking("d", "2021-07-19T11:00:04Z", "b2"),
      booking("e", "2021-07-19T11:00:05Z", "b1"),
    ];
    const plan = planSupplyChange([{ kind: "day", slotIds: ["b1", "b2"], total: 3 }], holders);
    expect(plan.moved.sort()).toEqual(["d", "e"]);
    expect(plan.capacities).toEqual(
      new Map([
        ["b1", 2],
        ["b2", 1],
      ]),
    );
  });

  it("moves nobody when supply still covers every booking", () => {
    const plan = planSupplyChange(
      [{ kind: "day", slotIds: ["b1", "b2"], total: 4 }],
      [booking("a", "1", "b1"), booking("b", "2", "b1"), booking("c", "3", "b1")],
    );
    expect(plan.moved).toEqual([]);
    expect(plan.capacities).toEqual(
      new Map([
        ["b1", 3],
        ["b2", 1],
      ]),
    );
  });

  it("lowers a single slot below its bookings by moving its newest", () => {
    const plan = planSupplyChange(
      [{ kind: "slot", slotId: "s", capacity: 1 }],
      [booking("old", "1", "s"), booking("new", "3", "s"), booking("mid", "2", "s")],
    );
    expect(plan.moved.sort()).toEqual(["mid", "new"]);
  });

  it("moves everyone on a block that is no longer offered", () => {
    const plan = planSupplyChange([{ kind: "removed", slotId: "gone" }], [booking("a", "1", "gone"), booking("b", "2", "kept")]);
    expect(plan.moved).toEqual(["a"]);
    expect(plan.capacities.get("gone")).toBe(0);
  });

  it("counts a booking moved for one dose as gone from its other dose's day", () => {
    const holders = [booking("x", "5", "day1", "day22"), booking("y", "1", "day22")];
    const plan = planSupplyChange(
      [
        { kind: "slot", slotId: "day1", capacity: 0 },
        { kind: "day", slotIds: ["day22"], total: 1 },
      ],
      holders,
    );
    expect(plan.moved).toEqual(["x"]);
    expect(plan.capacities.get("day22")).toBe(1);
  });

  it("never leaves a slot holding more than its capacity, and moves no more than the overflow (fast-check)", () => {
    const arbitrary = fc.record({
      held: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }),
      total: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(arbitrary, ({ held, total }) => {
        const slotIds = held.map((_, i) => `s${i}`);
        const holders = held.flatMap((n, i) => Array.from({ length: n }, (_, j) => booking(`b${i}-${j}`, String(i * 10 + j), `s${i}`)));
        const plan = planSupplyChange([{ kind: "day", slotIds, total }], holders);
        const booked = holders.length;
        expect(plan.moved).toHaveLength(Math.max(0, booked - total));
        const staying = holders.filter((h) => !plan.moved.includes(h.bookingId));
        for (const id of slotIds)
          expect(staying.filter((h) => h.slotIds.includes(id)).length).toBeLessThanOrEqual(plan.capacities.get(id)!);
        const newestStaying = staying
          .map((h) => h.heldSince)
          .sort()
          .at(-1);
        for (const moved of plan.moved) expect(holders.find((h) => h.bookingId === moved)!.heldSince >= (newestStaying ?? "")).toBe(true);
      }),
    );
  });
});
