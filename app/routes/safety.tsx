import type { Route } from "./+types/safety";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "safety.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => ({ messages: await pageMessages(request, ["safety"]) }));

// Quick exit ends the session (app/routes/exit.ts, ADR 017), with JavaScript or without.
const DOES = [
  "safety.exit_does_1",
  "safety.exit_does_2",
  "safety.exit_does_3",
  "safety.exit_does_4",
  "safety.exit_does_5",
  "safety.exit_does_6",
];
const DOES_NOT = ["safety.exit_not_1", "safety.exit_not_2", "safety.exit_not_3", "safety.exit_not_4", "safety.exit_not_5"];
const TIPS = ["safety.tip_1", "safety.tip_2", "safety.tip_3", "safety.tip_4"];

/** A short, honest notice of what quick exit does and does not protect against. */
export default function Safety() {
  const t = useT();
  return (
    <article className="narrow stack" aria-labelledby="safety-heading">
      <h1 id="safety-heading">{t("safety.heading")}</h1>
      <p className="lead">{t("safety.exit_intro")}</p>
      <section aria-labelledby="does-heading">
        <h2 id="does-heading">{t("safety.does_heading")}</h2>
        <ul>
          {DOES.map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="does-not-heading">
        <h2 id="does-not-heading">{t("safety.does_not_heading")}</h2>
        <ul>
          {DOES_NOT.map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="tips-heading">
        <h2 id="tips-heading">{t("safety.tips_heading")}</h2>
        <ul>
          {TIPS.map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("safety.data_heading")}</h2>
        <p>{t("safety.data_body")}</p>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
