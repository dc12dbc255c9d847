// Requests that name one Host whatever port they go to, as every isolate of a location serves one
// hostname in production. Here each edge isolate listens on its own port, and the location's cache
// keys its copies by the request's origin; Node's fetch drops a Host header, so this uses node:http.
import { request } from "node:http";

/** A fetch whose requests all carry `Host: host`. Plain http only (the local service). */
export function fetchAs(host: string): (url: string, init?: RequestInit) => Promise<Response> {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined), Host: host };
      const outgoing = request(url, { method: init.method ?? "GET", headers }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
          }
          const status = incoming.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: answer }));
        });
      });
      outgoing.on("error", reject);
      if (typeof init.body === "string") outgoing.write(init.body);
      outgoing.end();
    });
}
