// Which clients share a rate limit: one IPv4 address, or one IPv6 /64 (what a single subscriber
// line or device is given, so every address in it is the same client).

/**
 * The rate-limit key of a client address: an IPv4 address as it is, an IPv6 address cut to its
 * first 64 bits (written as four lowercase hextets), anything unreadable as `unknown`.
 */
export function clientAddressKey(address: string | undefined): string {
  const text = (address ?? "").trim().toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text;
  const hextets = expandIpv6(text);
  return hextets ? `${hextets.slice(0, 4).join(":")}::/64` : "unknown";
}

/** The eight hextets of an IPv6 address (zone and embedded IPv4 allowed), or null. */
function expandIpv6(text: string): string[] | null {
  const bare = text.replace(/^\[|\]$/g, "").split("%", 1)[0] ?? "";
  if (!bare.includes(":")) return null;
  let body = bare;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(body);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((n) => n > 255)) return null;
    body = `${body.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((h) => /^[0-9a-f]{1,4}$/.test(h))) return null;
  return all.map((h) => Number.parseInt(h, 16).toString(16));
}
