import { describe, expect, it } from "vitest";
import { BatchWaitTimeout, GroupCommit } from "../../src/edge/group-commit";

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
    const commit = new GroupCommit(send, 100);
    const first = commit.submit("a", "leader-a", keepAlive);
    await settle();
    expect(calls.map((c) => c.items)).toEqual([["a"]]);

    const rest = ["b", "c", "d"].map((item) => commit.submit(item, `leader-${item}`, keepAlive));
    await settle();
    expect(calls).toHaveLength(1); // nothing more goes out while a batch is in flight
    calls[0]!.answer(["A"]);
    await settle();
    expect(calls.map((c) => c.items)).toEqual([["a"], ["b", "c", "d"]]);
    expect(calls[1]!.leader).toBe("leader-b"); // sent from the first waiting caller's request
    calls[1]!.answer(["B", "C", "D"]);
    expect(await first).toBe("A");
    expect(await Promise.all(rest)).toEqual(["B", "C", "D"]);
  });

  it("never puts more than the maximum in one batch", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, 2);
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
    const commit = new GroupCommit(send, 10);
    const first = commit.submit("a", "a", keepAlive);
    await settle();
    const second = commit.submit("b", "b", keepAlive);
    const third = commit.submit("c", "c", keepAlive);
    calls[0]!.fail(new Error("object overloaded"));
    await expect(first).rejects.toThrow("object overloaded");
    await settle();
    calls[1]!.fail(new Error("object restarted"));
    await expect(second).rejects.toThrow("object restarted");
    await expect(third).rejects.toThrow("object restarted");
    const fourth = commit.submit("d", "d", keepAlive);
    await settle();
    calls[2]!.answer(["D"]);
    expect(await fourth).toBe("D");
  });

  it("a batch answered with the wrong number of results fails its callers instead of mixing them up", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, 10);
    const first = commit.submit("a", "a", keepAlive);
    await settle();
    const waiting = [commit.submit("b", "b", keepAlive), commit.submit("c", "c", keepAlive)];
    calls[0]!.answer(["A"]);
    await settle();
    calls[1]!.answer(["only one"]);
    expect(await first).toBe("A");
    for (const w of waiting) await expect(w).rejects.toThrow("batch of 2 answered with 1 results");
  });

  it("registers each batch with the sending request's keep-alive, so a caller that hangs up does not strand the others", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, 10);
    const registered: string[] = [];
    void commit.submit("a", "a", (work) => {
      registered.push("a");
      void work;
    });
    await settle();
    const b = commit.submit("b", "b", (work) => {
      registered.push("b");
      void work;
    });
    calls[0]!.answer(["A"]);
    await settle();
    calls[1]!.answer(["B"]);
    expect(await b).toBe("B");
    expect(registered).toEqual(["a", "b"]);
  });

  it("a caller whose batch does not come back in time gives up with a timeout (turned into 503 unavailable)", async () => {
    const { calls, send } = manualSend();
    const commit = new GroupCommit(send, 10, 40);
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
