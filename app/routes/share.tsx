// /s/:token: a credential a learner shared (issue 9, item 6). No login. A working link shows what the
// credential says, its verification made just now (a revoked credential shows as revoked), and only what
// the learner chose: a name, when chosen, as the holder's own statement beside the verified credential.
// Each opening counts one view. An unknown, expired or withdrawn link gets one neutral page (404) that
// says only that the link is not valid: which of the three it was is never told.
import { data, Link } from "react-router";
import type { Route } from "./+types/share";
import { WithUserText } from "#app/components/bidi.tsx";
import { CredentialDetails, useCredentialFormat } from "#app/components/credentials/credential-details.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { VerificationResult } from "#app/components/verification-report.tsx";
import { openShare } from "#app/modules/credentials/open-share.server.ts";
import { shareJsonPath, sharePrintPath } from "#app/modules/credentials/wallet-paths.ts";
import walletCss from "#app/styles/wallet.css?url";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: walletCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "share.title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const token = params.token ?? "";
  const [share, messages] = await Promise.all([openShare(token), pageMessages(request, ["share", "verify"])]);
  const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
  if (!share) return data({ share: null, token: null, messages }, { status: 404, headers });
  return data({ share, token, messages }, { headers });
});

export const headers: Route.HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** The one answer for a link that does not work, whatever the reason. */
function NotValid() {
  const t = useT();
  return (
    <div className="stack narrow">
      <h1>{t("share.invalid_heading")}</h1>
      <p>{t("share.invalid_body")}</p>
    </div>
  );
}

export default function SharedCredential({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const format = useCredentialFormat();
  const { share, token } = loaderData;
  if (!share || !token) return <NotValid />;
  const { facts } = share.credential;
  return (
    <div className="stack wallet share-page">
      <h1>{t("share.heading")}</h1>
      <p>{t("share.intro")}</p>
      <VerificationResult report={share.verification} />
      <section className="panel" aria-labelledby="credential-heading">
        <h2 id="credential-heading">{t("share.credential_heading")}</h2>
        <p className="hint">{t("share.credential_hint")}</p>
        <CredentialDetails facts={facts} />
      </section>
      {share.name ? (
        <section className="panel holder-statement" aria-labelledby="holder-heading">
          <h2 id="holder-heading">{t("share.holder_heading")}</h2>
          <p>
            <WithUserText message={t(`share.name_given_${share.name.kind}`)} values={{ name: share.name.name }} />
          </p>
          <p className="hint">{t("share.name_not_verified")}</p>
        </section>
      ) : null}
      <section className="panel stack" aria-labelledby="tools-heading">
        <h2 id="tools-heading">{t("share.tools_heading")}</h2>
        <ul className="wallet-actions">
          <li>
            <a className="button" href={shareJsonPath(token)} download>
              {t("share.download_json")}
            </a>
          </li>
          <li>
            <a className="button button-secondary" href={sharePrintPath(token)}>
              {t("share.print")}
            </a>
          </li>
        </ul>
        <p className="hint">
          {t("share.verify_yourself")} <Link to="/verify">{t("share.verify_link")}</Link>
        </p>
        <p className="hint">{t("share.works_until", { date: format.moment(share.expiresAt) })}</p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
