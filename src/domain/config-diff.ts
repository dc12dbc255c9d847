/** A leaf of a JSON document: a plain value, or an empty array or object. */
export type JsonLeaf = string | number | boolean | null | never[] | Record<string, never>;

/** One changed field between two versions of a config: its dotted path and both values. */
export interface FieldChange {
  path: string;
  /** Absent when the field was added. */
  before?: JsonLeaf;
  /** Absent when the field was removed. */
  after?: JsonLeaf;
}

function leaves(value: unknown, path: string, into: Map<string, JsonLeaf>): Map<string, JsonLeaf> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) into.set(path, value as JsonLeaf);
    for (const [key, child] of entries) leaves(child, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(path, value as JsonLeaf);
  }
  return into;
}

/**
 * The fields that differ between two JSON documents, leaf by leaf (arrays by index), sorted by
 * path. `before` null means everything in `after` is new.
 */
export function configDiff(before: unknown, after: unknown): FieldChange[] {
  const a = leaves(before ?? {}, "", new Map());
  const b = leaves(after ?? {}, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const had = a.has(path);
    const has = b.has(path);
    if (had && has && JSON.stringify(a.get(path)) === JSON.stringify(b.get(path))) continue;
    changes.push({ path, ...(had ? { before: a.get(path) } : {}), ...(has ? { after: b.get(path) } : {}) });
  }
  return changes;
}
