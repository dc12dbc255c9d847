import { describe, expect, it } from "vitest";
import { BatchWaitTimeout, GroupCommit } from "../../src/queue/edge/group-commit";

/** A send function whose batches the test answers by hand. */
function manualSend() {
  const calls: Array<{ items: string[]; leader: string; answer: (results: string[]) => void; fail: (error: Error) => void }> = [];
  const send = (items: string[], leader: string) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, leader, answer: resolve, fail: reject });
    });
  return { calls, send };
}

const keptAlive: Array<Promise<unknown>> = [];
const keepAlive = (work: Promise<unknown>) => void keptAlive.push(work);

/** Lets timers and promise callbacks run. */
const settle = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms));

describe("group commit (joins and lookups gathered per isolate)", () => {
  it("sends a lone item at once, and everything that arrives meanwhile as the next batch, in arrival order", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 100 });
    const first = commit.submit("a", "leader-a", keepAlive);
    await settle();
    expect(calls.map((c) => c.items)).toEqual([["a"]]);

    const rest = ["b", "c", "d"].map((item) => commit.submit(item, `leader-${item}`, keepAlive));
    await settle();
    expect(calls).toHaveLength(1); // nothing more goes out while a batch is in flight
    calls[0]!.answer(["A"]);
    await settle();
    expect(calls.map((c) => c.items)).toEqual([["a"], ["b", "c", "d"]]);
    expect(calls[1]!.leader).toBe("leader-a"); // the sender goes on sending what formed meanwhile
    calls[1]!.answer(["B", "C", "D"]);
    expect(await first).toBe("A");
    expect(await Promise.all(rest)).toEqual(["B", "C", "D"]);
  });

  it("never puts more than the maximum in one batch", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 2 });
    const all = ["a", "b", "c", "d", "e"].map((item) => commit.submit(item, item, keepAlive));
    for (let round = 0; round < 4; round++) {
      await settle();
      const call = calls[round];
      if (call) call.answer(call.items.map((i) => i.toUpperCase()));
    }
    expect(calls.map((c) => c.items)).toEqual([["a"], ["b", "c"], ["d", "e"]]);
    expect(await Promise.all(all)).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("a failed batch fails every caller in it, and the next batch still goes out", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 10 });
    const first = commit.submit("a", "a", keepAlive).catch((error: Error) => error.message);
    await settle();
    const second = commit.submit("b", "b", keepAlive).catch((error: Error) => error.message);
    const third = commit.submit("c", "c", keepAlive).catch((error: Error) => error.message);
    calls[0]!.fail(new Error("object overloaded"));
    expect(await first).toBe("object overloaded");
    await settle();
    calls[1]!.fail(new Error("object restarted"));
    expect(await Promise.all([second, third])).toEqual(["object restarted", "object restarted"]);
    const fourth = commit.submit("d", "d", keepAlive);
    await settle();
    calls[2]!.answer(["D"]);
    expect(await fourth).toBe("D");
  });

  it("a batch answered with the wrong number of results fails its callers instead of mixing them up", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 10 });
    const first = commit.submit("a", "a", keepAlive);
    await settle();
    const waiting = [commit.submit("b", "b", keepAlive), commit.submit("c", "c", keepAlive)].map((w) =>
      w.catch((error: Error) => error.message),
    );
    calls[0]!.answer(["A"]);
    await settle();
    calls[1]!.answer(["only one"]);
    expect(await first).toBe("A");
    expect(await Promise.all(waiting)).toEqual(["batch of 2 answered with 1 results", "batch of 2 answered with 1 results"]);
  });

  it("registers its batches with the sending request's keep-alive, so a sender whose client hangs up does not strand the others", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 10 });
    const kept: string[] = [];
    const first = commit.submit("a", "a", () => void kept.push("a"));
    await settle();
    const b = commit.submit("b", "b", () => void kept.push("b"));
    calls[0]!.answer(["A"]);
    await settle();
    calls[1]!.answer(["B"]);
    expect(await b).toBe("B");
    expect(await first).toBe("A");
    expect(kept).toEqual(["a"]);
    expect(calls.map((c) => c.leader)).toEqual(["a", "a"]);
  });

  it("a sender hands the turn on after sixteen batches in a row, to a caller that is still waiting", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 1 });
    const all = Array.from({ length: 20 }, (_, i) => commit.submit(`item-${i}`, `caller-${i}`, keepAlive));
    for (let round = 0; round < 20; round++) {
      await settle(round === 16 ? 30 : 15);
      calls[round]!.answer([calls[round]!.items[0]!.toUpperCase()]);
    }
    expect(await Promise.all(all)).toEqual(Array.from({ length: 20 }, (_, i) => `ITEM-${i}`));
    expect(calls.slice(0, 16).every((c) => c.leader === "caller-0")).toBe(true);
    expect(calls[16]!.leader).toBe("caller-16");
  });

  it("with two batches allowed in flight, a second sender starts while the first waits for its answer", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 10, maxInFlight: 2 });
    const a = commit.submit("a", "a", keepAlive);
    await settle();
    const b = commit.submit("b", "b", keepAlive);
    const c = commit.submit("c", "c", keepAlive);
    await settle();
    // Two in flight; the third waits for whichever sender is back first, which sends it next.
    expect(calls.map((call) => [call.leader, call.items])).toEqual([
      ["a", ["a"]],
      ["b", ["b"]],
    ]);
    calls[1]!.answer(["B"]);
    await settle();
    expect(calls[2]).toMatchObject({ leader: "b", items: ["c"] });
    calls[2]!.answer(["C"]);
    calls[0]!.answer(["A"]);
    expect(await Promise.all([a, b, c])).toEqual(["A", "B", "C"]);
  });

  it("a caller whose batch does not come back in time gives up with a timeout (turned into 503 unavailable)", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, { maxBatch: 10, timeoutMs: 40 });
    const first = commit.submit("a", "a", keepAlive);
    await settle();
    const second = commit.submit("b", "b", keepAlive);
    await expect(second).rejects.toBeInstanceOf(BatchWaitTimeout);
    calls[0]!.answer(["A"]);
    expect(await first).toBe("A");
    // The caller that gave up left the queue: the next one is still sent.
    const third = commit.submit("c", "c", keepAlive);
    await settle();
    expect(calls.map((c) => c.items)).toEqual([["a"], ["c"]]);
    calls[1]!.answer(["C"]);
    expect(await third).toBe("C");
  });
});
