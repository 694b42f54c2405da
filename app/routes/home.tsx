import { Link } from "react-router";
import type { Route } from "./+types/home";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { getOptionalUser, homeFor } from "#app/modules/identity/session.server.ts";
import { INDEXABLE, publicPageMeta } from "#app/utils/indexing.ts";
import { route } from "#app/utils/responses.server.ts";
import { useT } from "#app/utils/use-t.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";

// A public page that search engines may index, with a description (app/utils/indexing.ts).
export const handle = INDEXABLE;
export const meta: Route.MetaFunction = ({ matches }) => publicPageMeta(matches, "home.title", { key: "shell.home_description" });

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await getOptionalUser(request);
  return { home: user ? homeFor(user.roles) : null, messages: await pageMessages(request, ["home"]) };
});

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="stack">
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">{t("home.heading")}</h1>
        <p className="lead">{t("home.lead")}</p>
        {loaderData.home ? (
          <p>
            <Link className="button" to={loaderData.home}>
              {t("home.continue")}
            </Link>
          </p>
        ) : (
          <p className="actions">
            <Link className="button" to="/signup">
              {t("home.join_learner")}
            </Link>
            <Link className="button button-secondary" to="/join/educator">
              {t("home.join_educator")}
            </Link>
            <Link to="/login">{t("home.have_account")}</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="how-heading" className="cards">
        <h2 id="how-heading">{t("home.how_heading")}</h2>
        <ul className="card-list">
          <li className="card">
            <h3>{t("home.how_learn_title")}</h3>
            <p>{t("home.how_learn_body")}</p>
          </li>
          <li className="card">
            <h3>{t("home.how_credential_title")}</h3>
            <p>{t("home.how_credential_body")}</p>
          </li>
          <li className="card">
            <h3>{t("home.how_privacy_title")}</h3>
            <p>{t("home.how_privacy_body")}</p>
          </li>
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
