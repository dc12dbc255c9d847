// Who runs the service and its help line: deployment-wide settings (`[vars]` in wrangler.toml),
// the same for everyone, so the pages that show them stay cacheable.
import { createContext, useContext } from "hono/jsx";
import type { Lang } from "../copy/lang";
import { strings } from "../copy/pages";
import { Sentence } from "./components";

/** The operating agency's name in each language, and the help line's number. */
export interface Site {
  operator: Record<Lang, string>;
  helpLine: string;
}

/** The deployment's settings; a missing one reads as empty rather than failing the page. */
export function siteOf(env: Pick<Env, "OPERATOR_NAME_KO" | "OPERATOR_NAME_EN" | "HELP_LINE">): Site {
  return { operator: { ko: env.OPERATOR_NAME_KO ?? "", en: env.OPERATOR_NAME_EN ?? "" }, helpLine: env.HELP_LINE ?? "" };
}

/** The site settings for the page being rendered (the layout provides them). */
export const SiteContext = createContext<Site>({ operator: { ko: "", en: "" }, helpLine: "" });

/** The settings inside a page's components. */
export function useSite(): Site {
  return useContext(SiteContext);
}

/** A sentence naming the help line, `{phone}` as a link that dials it. */
export function PhoneSentence({ template }: { template: string }) {
  const { helpLine } = useSite();
  const parts = template.split("{phone}");
  return (
    <>
      {parts.map((part, i) => (
        <>
          {part}
          {i < parts.length - 1 && <a href={`tel:${helpLine.replace(/[^\d+]/g, "")}`}>{helpLine}</a>}
        </>
      ))}
    </>
  );
}

/** The official-site banner above the header. */
export function OfficialBanner({ lang }: { lang: Lang }) {
  const text = strings(lang);
  const { operator } = useSite();
  return (
    <div class="official">
      <div class="wrap">
        <p>
          {text.officialBanner}
          {operator[lang] && (
            <>
              {" "}
              <span class="operator">
                <Sentence template={text.operatedBy} values={{ operator: operator[lang] }} />
              </span>
            </>
          )}
        </p>
      </div>
    </div>
  );
}
