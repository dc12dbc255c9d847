// The pure rules of text messages: which numbers are mobile numbers, how they are shown back,
// what "near the front" is, and when someone far back may come back.
import { describe, expect, it } from "vitest";
import { MESSAGE_TEXT, notifyStrings } from "../../src/copy/notify";
import { comeBackAtMs, FAR_BACK_SECONDS, isNearFront, nearAhead } from "../../src/domain/notify-timing";
import { maskPhone, normalizePhone, phoneField } from "../../src/domain/phone";

describe("a mobile number", () => {
  it("is read however it is typed, in one stored form", () => {
    for (const typed of ["010-1234-5678", "01012345678", "010 1234 5678", "+82 10-1234-5678", " 010.1234.5678 "]) {
      expect(phoneField.parse(typed)).toBe("01012345678");
    }
  });

  it("refuses what is not a Korean mobile number", () => {
    for (const typed of ["", "011-123-4567", "02-1234-5678", "010-1234-567", "010-1234-56789", "010-abcd-5678", "+1 010 1234 5678"]) {
      expect(phoneField.safeParse(typed).success, typed).toBe(false);
    }
    expect(normalizePhone("+8210 1234 5678")).toBe("01012345678");
  });

  it("is shown back with only its last four digits", () => {
    expect(maskPhone("01012345678")).toBe("010-****-5678");
  });
});

describe("near the front", () => {
  it("reaches whichever is further: the places, or the minutes at the admission rate", () => {
    expect(nearAhead({ places: 500, minutes: 15 }, 10)).toBe(500);
    expect(nearAhead({ places: 500, minutes: 15 }, 1000)).toBe(15_000);
    expect(nearAhead({ places: 20, minutes: 15 }, 0)).toBe(20);
  });

  it("is a place still waiting within that many places of the front", () => {
    expect(isNearFront(101, 100, 5)).toBe(true);
    expect(isNearFront(105, 100, 5)).toBe(true);
    expect(isNearFront(106, 100, 5)).toBe(false);
    expect(isNearFront(100, 100, 5)).toBe(false);
  });
});

describe("a time to come back", () => {
  const now = Date.parse("2021-07-19T12:03:20Z");

  it("is given only to people far back, from the fast end of the wait shown, rounded down to five minutes", () => {
    expect(comeBackAtMs({ minSeconds: FAR_BACK_SECONDS - 1, maxSeconds: 7200 }, now)).toBeNull();
    expect(comeBackAtMs(null, now)).toBeNull();
    const back = comeBackAtMs({ minSeconds: 3600, maxSeconds: 7200 }, now)!;
    expect(new Date(back).toISOString()).toBe("2021-07-19T13:00:00.000Z");
    expect(back).toBeLessThanOrEqual(now + 3600_000);
  });

  it("never moves later than the estimate it comes from", () => {
    for (let minSeconds = FAR_BACK_SECONDS; minSeconds < FAR_BACK_SECONDS + 3600; minSeconds += 97) {
      const back = comeBackAtMs({ minSeconds, maxSeconds: minSeconds * 2 }, now)!;
      expect(back).toBeLessThanOrEqual(now + minSeconds * 1000);
      expect(now + minSeconds * 1000 - back).toBeLessThan(5 * 60_000);
    }
  });
});

describe("the copy of text messages", () => {
  it("has every message and page sentence in both languages", () => {
    for (const text of Object.values(MESSAGE_TEXT)) {
      expect(text.ko).toMatch(/[\uAC00-\uD7A3]/);
      expect(text.en).not.toBe("");
      expect(text.ko).toContain("{operator}");
      expect(text.en).toContain("{operator}");
    }
    const [ko, en] = [notifyStrings("ko"), notifyStrings("en")];
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(ko) as Array<keyof typeof ko>) expect(ko[key], key).not.toBe(en[key]);
    expect(ko.notifyLeft).toContain("{phone}");
    expect(en.notifyLeft).toMatch(/close this page/);
  });
});
