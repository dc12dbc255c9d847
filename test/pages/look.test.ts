// The frame every citizen page shares and what the pages say about themselves (issue 15, item 4):
// the official banner and operating agency, the help line in the footer (from wrangler.toml's
// [vars]), the privacy and accessibility pages, the icon, each cohort's state in words on the home
// page, the join form first while booking is open, and the rate-limit answer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ERROR_TEXT } from "../../src/copy/errors";
import { cohortConfig, createCohort, setServerTime } from "../helpers";
import { fetchPage } from "./helpers";

afterEach(() => vi.useRealTimers());

describe("the frame of the citizen pages", () => {
  it("opens with the official-site banner naming the operating agency, and ends with the help line and the two notices", async () => {
    for (const [path, banner, operator, help] of [
      ["/", "이 누리집은 대한민국 공식 전자정부 누리집입니다.", '운영: <b data-v="operator">질병관리청</b>', "예약 상담 전화: "],
      [
        "/en",
        "An official website of the government of the Republic of Korea.",
        'Run by <b data-v="operator">Korea Disease Control and Prevention Agency</b>',
        "Help line: ",
      ],
    ] as const) {
      const { html, response } = await fetchPage(path);
      expect(response.headers.get("Cache-Control")).toContain("public");
      expect(html).toContain(banner);
      expect(html).toContain(operator);
      expect(html).toContain(`${help}<a href="tel:1339">1339</a>`);
      const prefix = path === "/" ? "" : "/en";
      expect(html).toContain(`href="${prefix}/privacy"`);
      expect(html).toContain(`href="${prefix}/accessibility"`);
      expect(html).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/assets\/favicon\.[0-9a-f]{12}\.svg"/);
    }
  });

  it("serves the icon as an SVG image", async () => {
    const { html } = await fetchPage("/");
    const href = /href="(\/assets\/favicon\.[0-9a-f]{12}\.svg)"/.exec(html)![1]!;
    const { response, html: svg } = await fetchPage(href);
    expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(svg).toMatch(/^<svg /);
  });

  it("has a privacy notice saying what is kept and for how long, and an accessibility statement with the help line", async () => {
    const privacy = (await fetchPage("/privacy")).html;
    expect(privacy).toContain("<h1>개인정보 처리방침</h1>");
    expect(privacy).toContain("번호는 저장하지 않습니다.");
    expect(privacy).toContain("1분 동안만");
    const english = (await fetchPage("/en/privacy")).html;
    expect(english).toContain("We never store the number.");
    const accessibility = (await fetchPage("/en/accessibility")).html;
    expect(accessibility).toContain("<h1>Accessibility statement</h1>");
    expect(accessibility).toContain('call <a href="tel:1339">1339</a>.');
  });

  it("the booking page's sentence about calling gives the number", async () => {
    setServerTime("2021-07-19T05:00:00Z");
    const cohortId = await createCohort("look-call", cohortConfig("2021-07-19T20:00:00+09:00"));
    const html = (await fetchPage(`/en/cohorts/${cohortId}/manage`)).html;
    expect(html).toContain('or call <a href="tel:1339">1339</a>.');
    expect(html).toContain('by calling <a href="tel:1339">1339</a>.');
  });
});

describe("the home page and the cohort page", () => {
  it("puts the join form first while booking is open, after the schedule before", async () => {
    setServerTime("2021-07-20T05:00:00Z");
    const open = await createCohort("look-join-first", cohortConfig("2021-07-19T20:00:00+09:00"));
    const later = await createCohort("look-join-last", cohortConfig("2021-07-30T20:00:00+09:00"));
    const openHtml = (await fetchPage(`/cohorts/${open}`)).html;
    expect(openHtml.indexOf('id="join"')).toBeLessThan(openHtml.indexOf('id="when"'));
    const laterHtml = (await fetchPage(`/cohorts/${later}`)).html;
    expect(laterHtml.indexOf('id="join"')).toBeGreaterThan(laterHtml.indexOf('id="when"'));
  });

  it("asks for the name of the person getting the vaccine without offering the phone owner's name", async () => {
    setServerTime("2021-07-20T05:00:00Z");
    const cohortId = await createCohort("look-person", cohortConfig("2021-07-19T20:00:00+09:00"));
    const html = (await fetchPage(`/cohorts/${cohortId}/book`)).html;
    expect(html).toContain('<label for="name">접종받는 분 이름</label>');
    expect(html).toMatch(/<input type="text" id="name" name="name" autocomplete="off"/);
  });
});

describe("the rate-limit answer", () => {
  it("says how long to wait and that no place was taken, in both languages", () => {
    expect(ERROR_TEXT.rate_limited.en).toContain("wait one minute");
    expect(ERROR_TEXT.rate_limited.en).toContain("no place was taken");
    expect(ERROR_TEXT.rate_limited.ko).toContain("1분 뒤에");
    expect(ERROR_TEXT.rate_limited.ko).toContain("순번을 새로 받거나");
  });
});
