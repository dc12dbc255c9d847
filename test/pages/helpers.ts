import { api, freshAddress } from "../helpers";

/** Fetches a page and reads its HTML. */
export async function fetchPage(path: string, init: RequestInit = {}) {
  const response = await api(path, init);
  return { response, html: await response.text() };
}

/** The style sheet and script URLs a page loads. */
export function assetUrls(html: string): string[] {
  return [...html.matchAll(/<(?:link rel="stylesheet" href|script defer="" src)="([^"]+)"/g)].map((m) => m[1]!);
}

/** Bytes of a text once gzip-compressed, as an edge would send it. */
export async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/** The JSON a page hands its script. */
export function pageData(html: string): Record<string, any> {
  const match = /<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error("page has no #page-data");
  return JSON.parse(match[1]!);
}

/** Every cacheable page of a cohort, in both languages. */
export function cohortPagePaths(cohortId: string): string[] {
  const paths = ["", "/wait", "/book", "/done", "/manage"].map((suffix) => `/cohorts/${cohortId}${suffix}`);
  return [...paths, ...paths.map((path) => `/en${path}`), "/", "/en"];
}

/** Posts a form as a browser without JavaScript would. */
export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return api(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshAddress(), ...headers },
    redirect: "manual",
  });
}
