// Counts the calls the queue object receives, so the bench and operators can see how much of the crowd reaches it.
/** Calls a queue object received since it last started, by method, and the people they carried. */
export interface QueueLoad {
  /** When this count began: the object's last start (counts live in memory and restart with it). */
  sinceMs: number;
  /** Invocations: RPC calls and alarms, by method name. */
  calls: Record<string, number>;
  /** Every invocation together. */
  totalCalls: number;
  /** People carried by batched calls (joinMany, statusMany: the length of their list), by method name. */
  items: Record<string, number>;
}

interface Meter {
  sinceMs: number;
  calls: Map<string, number>;
  items: Map<string, number>;
}

const meters = new WeakMap<object, Meter>();

function meterOf(instance: object): Meter {
  let meter = meters.get(instance);
  if (!meter) {
    meter = { sinceMs: Date.now(), calls: new Map(), items: new Map() };
    meters.set(instance, meter);
  }
  return meter;
}

/**
 * Makes every public method of a Durable Object class (its RPC methods and `alarm`) count its
 * invocations, so the bench, the rehearsal and operators can see how much of the crowd reaches the
 * object. A call whose first argument is a list also counts the list's length as the people it
 * carried. A handful of counters per method: nothing grows with the queue.
 */
export function countInvocations(prototype: object, except: readonly string[]): void {
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const original = descriptor?.value as unknown;
    if (name === "constructor" || except.includes(name) || typeof original !== "function") continue;
    const counted = function (this: object, ...args: unknown[]) {
      const meter = meterOf(this);
      meter.calls.set(name, (meter.calls.get(name) ?? 0) + 1);
      if (Array.isArray(args[0])) meter.items.set(name, (meter.items.get(name) ?? 0) + args[0].length);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperty(prototype, name, { ...descriptor, value: counted });
  }
}

/** The invocations an instance of a counted class has received. */
export function invocationsOf(instance: object): QueueLoad {
  const meter = meterOf(instance);
  const calls = Object.fromEntries(meter.calls);
  return {
    sinceMs: meter.sinceMs,
    calls,
    totalCalls: Object.values(calls).reduce((sum, n) => sum + n, 0),
    items: Object.fromEntries(meter.items),
  };
}
