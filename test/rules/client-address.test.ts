// Issue 14, item 7: the join limit treated every IPv6 address separately, so 45 joins from one /64
// were all accepted. A /64 is one client.
import { describe, expect, it } from "vitest";
import { clientAddressKey } from "../../src/domain/client-address";

describe("the rate-limit key of a client address", () => {
  it("keeps an IPv4 address whole", () => {
    expect(clientAddressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressKey("203.0.113.8")).not.toBe(clientAddressKey("203.0.113.7"));
  });

  it("gives every address of one IPv6 /64 the same key, however it is written", () => {
    const keys = new Set(
      [
        "2001:db8:1:2::1",
        "2001:db8:1:2:ffff:ffff:ffff:ffff",
        "2001:0DB8:0001:0002:0000:0000:0000:0045",
        "[2001:db8:1:2::9]",
        "2001:db8:1:2::1%eth0",
        "2001:db8:1:2::192.0.2.1",
      ].map(clientAddressKey),
    );
    expect([...keys]).toEqual(["2001:db8:1:2::/64"]);
  });

  it("tells neighbouring /64s apart", () => {
    expect(clientAddressKey("2001:db8:1:3::1")).not.toBe(clientAddressKey("2001:db8:1:2::1"));
    expect(clientAddressKey("::1")).toBe("0:0:0:0::/64");
  });

  it("puts anything unreadable under one key", () => {
    for (const junk of [undefined, "", "not an address", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "12345::1", "2001:db8:1:2::300.1.1.1"]) {
      expect(clientAddressKey(junk), String(junk)).toBe("unknown");
    }
  });
});
