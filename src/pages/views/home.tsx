import { formatCalendarDate, formatInstant } from "../../copy/format";
import { type Lang, pathIn } from "../../copy/lang";
import { strings } from "../../copy/pages";
import type { CohortConfig } from "../../domain/cohort-config";
import { Sentence } from "../components";

/** The list of cohorts with who may book and when each first opens. */
export function HomePage({ lang, configs }: { lang: Lang; configs: CohortConfig[] }) {
  const text = strings(lang);
  return (
    <>
      <h1>{text.homeTitle}</h1>
      <p class="lead">{text.homeIntro}</p>
      <p class="find-link">
        <a href={pathIn(lang, "/find")}>{text.findHomeLink}</a>
      </p>
      {configs.length === 0 && <p class="card">{text.homeEmpty}</p>}
      <ul class="cohorts">
        {configs.map((config) => (
          <li>
            <a href={pathIn(lang, `/cohorts/${config.id}`)}>
              <div class="card">
                <h2>{config.name[lang]}</h2>
                <p>
                  <Sentence
                    template={text.bornBetween}
                    values={{ from: formatCalendarDate(config.birthDates.from, lang), to: formatCalendarDate(config.birthDates.to, lang) }}
                  />
                </p>
                <p class="muted">
                  {text.colOpens}: {formatInstant(Math.min(...config.windows.map((w) => Date.parse(w.opensAt))), lang, config.timeZone)}
                </p>
              </div>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A page that does not exist, e.g. a cohort nobody configured. */
export function NotFoundPage({ lang }: { lang: Lang }) {
  const text = strings(lang);
  return (
    <>
      <h1>{text.notFoundTitle}</h1>
      <p>
        <a href={pathIn(lang, "/")}>{text.backHome}</a>
      </p>
    </>
  );
}
