import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { admissionQuota, admitCount } from "../../src/domain/admission";
import { prequeueOrder, seedCommitment } from "../../src/domain/shuffle";

const identities = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), { minLength: 0, maxLength: 60 });
const seed = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

describe("the pre-queue shuffle (fast-check)", () => {
  it("is a permutation of consecutive positions from the first", async () => {
    await fc.assert(
      fc.asyncProperty(seed, identities, fc.integer({ min: 1, max: 1_000_000 }), async (s, ids, first) => {
        const order = await prequeueOrder(s, ids, first);
        expect([...order.keys()].sort()).toEqual([...ids].sort());
        expect([...order.values()].sort((a, b) => a - b)).toEqual(ids.map((_, i) => first + i));
      }),
    );
  });

  it("is reproducible from the revealed seed, whatever order the auditor lists the identities in", async () => {
    await fc.assert(
      fc.asyncProperty(
        seed,
        identities.chain((ids) => fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }))),
        async (s, [ids, reordered]) => {
          expect(await prequeueOrder(s, reordered)).toEqual(await prequeueOrder(s, ids));
        },
      ),
    );
  });

  it("does not depend on arrival: a person's place is fixed by the seed and their key alone", async () => {
    await fc.assert(
      fc.asyncProperty(
        seed,
        identities.filter((ids) => ids.length >= 2),
        async (s, ids) => {
          // Whoever arrived first, the relative order of any two people is the same.
          const full = await prequeueOrder(s, ids);
          const pair = await prequeueOrder(s, [ids.at(-1)!, ids[0]!]);
          expect(full.get(ids[0]!)! < full.get(ids.at(-1)!)!).toBe(pair.get(ids[0]!)! < pair.get(ids.at(-1)!)!);
        },
      ),
    );
  });

  it("binds the seed to its commitment: a different seed gives a different commitment", async () => {
    await fc.assert(
      fc.asyncProperty(seed, seed, async (a, b) => {
        fc.pre(a !== b);
        expect(await seedCommitment(a)).not.toBe(await seedCommitment(b));
      }),
    );
  });
});

describe("admission rules (fast-check)", () => {
  it("never admits past the booking-step cap, the quota, or the people waiting", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 10_000 }), fc.nat(10_000), fc.nat(100_000), (quota, cap, inStep, waiting) => {
        const count = admitCount(quota, cap, inStep, waiting);
        expect(count).toBeGreaterThanOrEqual(0);
        expect(count).toBeLessThanOrEqual(quota);
        expect(count).toBeLessThanOrEqual(waiting);
        expect(inStep + count).toBeLessThanOrEqual(Math.max(cap, inStep));
      }),
    );
  });

  it("over any run of one-second ticks, admits the configured rate to within one person", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 600 }), (rate, ticks) => {
        let carry = 0;
        let total = 0;
        for (let i = 0; i < ticks; i++) {
          const next = admissionQuota(rate, 1000, carry);
          total += next.quota;
          carry = next.carry;
        }
        const exact = (rate * ticks) / 60;
        expect(total).toBeLessThanOrEqual(exact + 1e-6);
        expect(total).toBeGreaterThanOrEqual(exact - 1);
      }),
    );
  });

  it("a late alarm never releases more than five ticks' worth at once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 0, max: 3_600_000 }), (rate, elapsed) => {
        expect(admissionQuota(rate, elapsed, 0).quota).toBeLessThanOrEqual(Math.floor((rate * 5) / 60));
      }),
    );
  });
});
