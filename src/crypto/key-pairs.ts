/**
 * Parses a secret written as space-separated `id:value` pairs (signing keys, agent tokens).
 * Null when it is empty or any pair lacks an id or a value.
 */
export function parseIdPairs(text: string): Array<{ id: string; value: string }> | null {
  const pairs = text
    .trim()
    .split(/\s+/)
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const colon = pair.indexOf(":");
      return colon > 0 && colon < pair.length - 1 ? { id: pair.slice(0, colon), value: pair.slice(colon + 1) } : null;
    });
  if (pairs.length === 0 || pairs.some((p) => p === null)) return null;
  return pairs as Array<{ id: string; value: string }>;
}
