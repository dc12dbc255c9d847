/**
 * Supply arithmetic: cutting a day's supply into bookable blocks, spreading its doses over them,
 * and choosing which bookings must move when an operator lowers supply below what is booked.
 * Pure functions; the store reads the rows and writes the plan.
 */

/** One bookable block of a day's supply, as instants in milliseconds. */
export interface Block {
  startsAtMs: number;
  endsAtMs: number;
}

/** Consecutive blocks of `slotMinutes` from opening to closing. The caller checks the span divides evenly. */
export function supplyBlocks(opensAtMs: number, closesAtMs: number, slotMinutes: number): Block[] {
  const step = slotMinutes * 60_000;
  const blocks: Block[] = [];
  for (let start = opensAtMs; start + step <= closesAtMs; start += step) blocks.push({ startsAtMs: start, endsAtMs: start + step });
  return blocks;
}

/**
 * Spreads `total` doses over blocks that already hold `held[i]` bookings, as evenly as possible
 * without going below what any block holds: the lowest blocks are raised to a common level and
 * the remainder goes to the earliest of them. Needs `sum(held) <= total`.
 */
export function spreadCapacity(total: number, held: readonly number[]): number[] {
  if (held.length === 0) return [];
  const sumAt = (level: number) => held.reduce((sum, h) => sum + Math.max(h, level), 0);
  if (sumAt(0) > total) throw new RangeError("held exceeds total: choose the overflow first");
  let low = 0;
  let high = total;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sumAt(mid) <= total) low = mid;
    else high = mid - 1;
  }
  const capacities = held.map((h) => Math.max(h, low));
  let leftover = total - sumAt(low);
  for (let i = 0; i < capacities.length && leftover > 0; i++) {
    if (held[i]! <= low) {
      capacities[i]! += 1;
      leftover -= 1;
    }
  }
  return capacities;
}

/** A live booking holding one or two of the slots a supply change touches. */
export interface HeldBooking {
  bookingId: string;
  /** When it took its current seats; the newest move first. */
  heldSince: string;
  slotIds: readonly string[];
}

/** What a supply load asks of the slots it touches. */
export type CapacityTarget =
  /** One slot with a fixed capacity (a slot row of the load). */
  | { kind: "slot"; slotId: string; capacity: number }
  /** A clinic's day of one vaccine (a supply row): `total` doses over `slotIds` in time order. */
  | { kind: "day"; slotIds: readonly string[]; total: number }
  /** A block a supply row no longer offers (its hours changed): capacity 0. */
  | { kind: "removed"; slotId: string };

/** The outcome of planning a supply change: every touched slot's capacity, and the bookings that must move. */
export interface SupplyPlan {
  capacities: Map<string, number>;
  /** Bookings to move to `needs_reschedule`, newest first within each slot or day. */
  moved: string[];
}

/**
 * Plans a supply change. Where supply falls below what is booked, exactly the overflow moves,
 * newest first (the earliest bookers keep their seats); a moved booking frees both its seats, so
 * later targets count without it. Removed blocks move everyone on them, then slots, then days.
 */
export function planSupplyChange(targets: readonly CapacityTarget[], holders: readonly HeldBooking[]): SupplyPlan {
  const moved = new Set<string>();
  const capacities = new Map<string, number>();
  const newestFirst = [...holders].sort((a, b) =>
    a.heldSince === b.heldSince ? cmp(b.bookingId, a.bookingId) : cmp(b.heldSince, a.heldSince),
  );
  // Each slot's holders, newest first: a load touches tens of thousands of slots.
  const rank = new Map(newestFirst.map((h, i) => [h.bookingId, i]));
  const bySlot = new Map<string, HeldBooking[]>();
  for (const holder of newestFirst) {
    for (const id of holder.slotIds) {
      const list = bySlot.get(id) ?? [];
      list.push(holder);
      bySlot.set(id, list);
    }
  }
  const holding = (slotIds: readonly string[]) =>
    [...new Set(slotIds.flatMap((id) => bySlot.get(id) ?? []))]
      .filter((h) => !moved.has(h.bookingId))
      .sort((a, b) => rank.get(a.bookingId)! - rank.get(b.bookingId)!);
  const moveNewest = (slotIds: readonly string[], keep: number) => {
    const current = holding(slotIds);
    for (const h of current.slice(0, Math.max(0, current.length - keep))) moved.add(h.bookingId);
  };
  const order = { removed: 0, slot: 1, day: 2 } as const;
  for (const target of [...targets].sort((a, b) => order[a.kind] - order[b.kind])) {
    if (target.kind === "removed") {
      moveNewest([target.slotId], 0);
      capacities.set(target.slotId, 0);
    } else if (target.kind === "slot") {
      moveNewest([target.slotId], target.capacity);
      capacities.set(target.slotId, target.capacity);
    } else {
      moveNewest(target.slotIds, target.total);
      const held = target.slotIds.map((id) => holding([id]).length);
      for (const [i, capacity] of spreadCapacity(target.total, held).entries()) capacities.set(target.slotIds[i]!, capacity);
    }
  }
  return { capacities, moved: [...moved] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
