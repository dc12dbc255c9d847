import { formatCalendarDate, formatSlotTime } from "../../copy/format";
import { fill, type Lang, pathIn } from "../../copy/lang";
import { strings, type TextKey } from "../../copy/pages";
import { cohortPhase } from "../../domain/cohort-phase";
import type { ListedCohort } from "../cohort-source";
import { Breakable, Sentence } from "../components";

/**
 * Where a cohort stands, in words: `Booking open · closes Fri 23 Jul, 20:00`. Read when the page is
 * rendered (it is cached for half a minute); the cohort's own page follows the queue object live.
 */
function stateWords({ config, controls }: ListedCohort, nowMs: number, lang: Lang): { status: string; words: string } {
  const phase = cohortPhase(config, nowMs, controls);
  const open = phase.status === "open" || phase.status === "paused";
  const at = open ? phase.closesAt : phase.opensAt;
  const template = strings(lang)[`homeState_${phase.status}` as TextKey];
  return { status: phase.status, words: fill(template, { at: at ? formatSlotTime(at, lang, config.timeZone) : "" }) };
}

/** The list of cohorts with who may book and where each stands. */
export function HomePage({ lang, cohorts, nowMs }: { lang: Lang; cohorts: ListedCohort[]; nowMs: number }) {
  const text = strings(lang);
  const configs = cohorts.map((listed) => listed.config);
  return (
    <>
      <h1>{text.homeTitle}</h1>
      <p class="lead">{text.homeIntro}</p>
      <p class="find-link">
        <a href={pathIn(lang, "/find")}>{text.findHomeLink}</a>
      </p>
      {configs.length === 0 && <p class="card">{text.homeEmpty}</p>}
      <ul class="cohorts">
        {cohorts.map(({ config, controls }) => (
          <li>
            <a href={pathIn(lang, `/cohorts/${config.id}`)}>
              <div class="card">
                <h2>
                  <Breakable text={config.name[lang]} />
                </h2>
                <p>
                  <Sentence
                    template={text.bornBetween}
                    values={{ from: formatCalendarDate(config.birthDates.from, lang), to: formatCalendarDate(config.birthDates.to, lang) }}
                  />
                </p>
                <p>
                  <span class="status" data-status={stateWords({ config, controls }, nowMs, lang).status}>
                    {stateWords({ config, controls }, nowMs, lang).words}
                  </span>
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
