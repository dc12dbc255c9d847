/** An API answer; status 0 means no answer arrived (offline, timed out). */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: each page script reads the fields it knows of its own answer
  body: any;
  /** Seconds an edge cache held the answer (its `Age` header). */
  age: number;
}

/** Calls the JSON API. Never throws: a lost connection is an answer with status 0. */
export async function call(method: string, path: string, options: { json?: unknown; bearer?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      cache: "no-store",
      credentials: "same-origin",
    });
    const body = await response.json().catch(() => null);
    return { status: response.status, body, age: Number(response.headers.get("Age")) || 0 };
  } catch {
    return { status: 0, body: null, age: 0 };
  }
}
