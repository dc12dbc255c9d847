// Reads a workerd isolate's JavaScript heap through its inspector (Chrome DevTools protocol).
import { readFileSync } from "node:fs";

/** Bytes of JavaScript heap in use by one worker's isolate (`core:user:<name>` in Miniflare). */
export async function heapUsedBytes(inspectorPort: number, worker: string): Promise<number> {
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/core:user:${worker}`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`no inspector for ${worker} on port ${inspectorPort}`)), { once: true });
  });
  try {
    const answer = await new Promise<{ result?: { usedSize: number } }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("inspector did not answer")), 5000);
      socket.addEventListener("message", (event) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: { usedSize: number } };
        if (message.id === 1) {
          clearTimeout(timer);
          resolve(message);
        }
      });
      socket.send(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" }));
    });
    if (!answer.result) throw new Error("inspector gave no heap usage");
    return answer.result.usedSize;
  } finally {
    socket.close();
  }
}

/** The workerd processes started by this process (Linux). */
export function workerdPids(): number[] {
  return childPids(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
}

/** CPU time a process has used so far, in milliseconds (user and system; Linux). */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** Resident memory of the workerd processes that are children of this process, in bytes (Linux). */
export function workerdResidentBytes(): number {
  let total = 0;
  for (const pid of childPids(process.pid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const name = /^Name:\s+(\S+)/m.exec(status)?.[1];
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      if (name === "workerd" && rss) total += Number(rss) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

function childPids(pid: number): number[] {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return direct.flatMap((child) => [child, ...childPids(child)]);
  } catch {
    return [];
  }
}
