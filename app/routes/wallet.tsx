// /wallet: the learner's credentials (issue 9, item 6). Each links to its page (details, download,
// print, share links); the whole set downloads as one signed CLR 2.0 transcript. Learners only: every
// other role is refused by the read itself (403).
import { Link } from "react-router";
import type { Route } from "./+types/wallet";
import { courseLang, useCredentialFormat } from "#app/components/credentials/credential-details.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { listWalletCredentials } from "#app/modules/credentials/wallet.server.ts";
import { TRANSCRIPT_JSON_PATH, walletCredentialPath } from "#app/modules/credentials/wallet-paths.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import walletCss from "#app/styles/wallet.css?url";
import { walletPageMessages } from "#app/routes/wallet/messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: walletCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "wallet.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const wallet = await listWalletCredentials(actor);
  return { ...wallet, messages: await walletPageMessages(request) };
});

export default function Wallet({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const format = useCredentialFormat();
  const { credentials, canExportTranscript } = loaderData;
  return (
    <div className="stack wallet">
      <h1>{t("wallet.heading")}</h1>
      <p>{t("wallet.intro")}</p>
      {credentials.length === 0 ? (
        <section className="panel stack" aria-labelledby="empty-heading">
          <h2 id="empty-heading">{t("wallet.none_heading")}</h2>
          <p>{t("wallet.none")}</p>
          <p>
            <Link to="/learn">{t("wallet.to_learning")}</Link>
          </p>
        </section>
      ) : (
        <table className="wallet-table">
          <caption id="credentials-heading">{t("wallet.list_caption", { count: credentials.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("share.fact_achievement")}</th>
              <th scope="col">{t("share.fact_credits")}</th>
              <th scope="col">{t("share.fact_grade")}</th>
              <th scope="col">{t("share.fact_issued")}</th>
              <th scope="col">{t("wallet.status_col")}</th>
            </tr>
          </thead>
          <tbody>
            {credentials.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={walletCredentialPath(c.id)} {...courseLang(c.language)}>
                    {c.achievementName || t("wallet.untitled")}
                  </Link>
                  {c.activeShares > 0 ? (
                    <span className="hint wallet-share-count">{t("wallet.active_shares", { count: c.activeShares })}</span>
                  ) : null}
                </th>
                <td data-label={t("share.fact_credits")}>{format.credits(c)}</td>
                <td data-label={t("share.fact_grade")}>{format.grade(c)}</td>
                <td data-label={t("share.fact_issued")}>{format.day(c.issuedOn ?? c.issuedAt)}</td>
                <td data-label={t("wallet.status_col")}>
                  <span className={`badge status-${c.status}`}>{t(`wallet.status_${c.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="panel stack" aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">{t("wallet.transcript_heading")}</h2>
        <p>{t("wallet.transcript_intro")}</p>
        {canExportTranscript ? (
          <p>
            <a className="button" href={TRANSCRIPT_JSON_PATH} download>
              {t("wallet.transcript_download")}
            </a>
          </p>
        ) : (
          <p className="hint">{t("wallet.transcript_none")}</p>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
