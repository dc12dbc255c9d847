import { afterEach, describe, expect, it, vi } from "vitest";
import { errorSentence, errorSentences } from "../../src/copy/error-text";
import { ERROR_TEXT } from "../../src/copy/errors";
import { NATIONAL_ID_PROBLEMS } from "../../src/copy/national-id";
import { apiErrorText } from "../../src/pages/api-errors";
import type { ErrorCode } from "../../src/platform/errors";
import { PERSONAL } from "../../src/platform/http-cache";
import { cohortConfig, createCohort, setServerTime } from "../helpers";
import { formPost } from "./helpers";

afterEach(() => vi.useRealTimers());

const HANGUL = /[\uac00-\ud7a3]/;

describe("every error a citizen can meet is a plain sentence in both languages", () => {
  it("each API error code has a Korean and an English sentence, from the API's own table", () => {
    const codes = Object.keys(ERROR_TEXT) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) {
      const [ko, en] = [errorSentence(code, "ko"), errorSentence(code, "en")];
      expect(ko, code).toMatch(HANGUL);
      expect(en, code).toMatch(/^[A-Z][^\uac00-\ud7a3]+[.!]$/);
      expect(errorSentences("ko")[code]).toBe(ko);
    }
  });

  it("a page shows the API's sentence in its own language, without the field name, or a fallback when there is none", () => {
    const body = {
      error: {
        code: "invalid_input",
        message: "nationalId: The first six digits are not a real date of birth.",
        messageKo: "주민등록번호 앞 6자리가 올바른 생년월일이 아닙니다.",
      },
    };
    expect(apiErrorText(body, "ko", "x")).toBe("주민등록번호 앞 6자리가 올바른 생년월일이 아닙니다.");
    expect(apiErrorText(body, "en", "x")).toBe("The first six digits are not a real date of birth.");
    expect(apiErrorText(null, "ko", errorSentence("unavailable", "ko"))).toBe(ERROR_TEXT.unavailable.ko);
    expect(apiErrorText("<html>502 Bad Gateway</html>", "en", "fallback")).toBe("fallback");
  });

  it("a join refused without JavaScript shows the refusal's sentence in the page's language and stores nothing", async () => {
    setServerTime("2021-07-19T11:00:00Z");
    const cohortId = await createCohort("refusal-page", cohortConfig("2021-07-19T20:00:00+09:00"));
    const korean = await formPost(`/cohorts/${cohortId}/live`, { nationalId: "680230-1000001" });
    expect(korean.status).toBe(400);
    expect(korean.headers.get("Cache-Control")).toBe(PERSONAL);
    expect(korean.headers.has("Set-Cookie")).toBe(false);
    expect(await korean.text()).toContain(NATIONAL_ID_PROBLEMS.birth_date.ko);

    const english = await formPost(`/cohorts/${cohortId}/live?lang=en`, { nationalId: "700101-1000001" });
    expect(english.status).toBe(403);
    const html = await english.text();
    expect(html).toContain("This group is for people born from 1 January 1967 to 31 December 1968.");
    expect(html).toContain('<html lang="en">');
    expect(html.match(/<h1[\s>]/g)?.length).toBe(1); // the refusal page has its main heading
  });
});
