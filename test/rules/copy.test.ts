/// <reference types="vite/client" />
// Every sentence a person reads lives in src/copy/, in Korean and English (issue 12): copies of one
// sentence had drifted apart ("on hold", the human check) while they lived in several files.
import { describe, expect, it } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { strings } from "../../src/copy/pages";
import { ApiError, ERROR_STATUS, type ErrorCode } from "../../src/platform/errors";

/** Every source file under src/, as text (bundled at build time: the Workers runtime has no file system). */
const SOURCES = import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });
const HANGUL = /[\uAC00-\uD7A3]/;

describe("the copy module", () => {
  it("gives every error code a sentence in both languages, and the API answers with it", () => {
    const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(20);
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(ERROR_TEXT[code].en.trim(), code).not.toBe("");
      expect(HANGUL.test(ERROR_TEXT[code].ko), code).toBe(true);
      const body = new ApiError(code).body().error;
      expect([body.message, body.messageKo]).toEqual([ERROR_TEXT[code].en, ERROR_TEXT[code].ko]);
    }
  });

  it("has both languages for every page sentence", () => {
    const ko = strings("ko");
    const en = strings("en");
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(ko).length).toBeGreaterThan(20);
    for (const key of Object.keys(ko) as Array<keyof typeof ko>) {
      expect(en[key].trim(), key).not.toBe("");
      expect(ko[key].trim(), key).not.toBe("");
      expect(ko[key], key).not.toBe(en[key]);
    }
  });

  it("is the only place in src/ that holds Korean text", () => {
    const files = Object.keys(SOURCES);
    expect(files.length).toBeGreaterThan(100);
    const outside = files.filter((file) => !file.includes("/src/copy/") && HANGUL.test(SOURCES[file]!));
    expect(outside).toEqual([]);
    expect(files.filter((file) => file.includes("/src/copy/") && HANGUL.test(SOURCES[file]!)).length).toBeGreaterThan(3);
  });
});
