import { describe, expect, it } from "vitest";
import { EdgeMemo } from "../../src/queue/edge/edge-memo";

describe("the edge memo of a slow-changing answer", () => {
  it("on a cold isolate under a crowd, asks once: the requests arriving meanwhile wait for that answer", async () => {
    const memo = new EdgeMemo<string>(5000, 30_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return "config";
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => memo.get("cohort", load)));
    expect(answers).toEqual(Array.from({ length: 20 }, () => "config"));
    expect(loads).toBe(1);
  });

  it("when the cold ask fails, the waiting requests ask themselves and get an answer", async () => {
    const memo = new EdgeMemo<string>(5000, 30_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (loads === 1) throw new Error("object unreachable");
      return "config";
    };
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => memo.get("cohort", load)));
    expect(answers[0]!.status).toBe("rejected");
    expect(answers.slice(1).every((a) => a.status === "fulfilled" && a.value === "config")).toBe(true);
    expect(loads).toBeLessThan(5);
  });
});
