// /s/:token/print: the certificate of a shared credential (no login), to print on one A4 or Letter page.
// It shows what the share shows and nothing more: a name only when the learner chose one, as their own
// statement. Its QR code opens the share itself, which verifies the credential live. Counts no view; a
// link that does not work gets the share's neutral answer (404).
import { data } from "react-router";
import type { Route } from "./+types/share-print";
import { Certificate } from "#app/components/credentials/certificate.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { qrCodeSvg } from "#app/modules/credentials/qr.server.ts";
import { getShareCertificate } from "#app/modules/credentials/wallet.server.ts";
import { sharePath } from "#app/modules/credentials/wallet-paths.ts";
import walletCss from "#app/styles/wallet.css?url";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: walletCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "share.cert_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const token = params.token ?? "";
  const [certificate, messages] = await Promise.all([getShareCertificate(token), pageMessages(request, ["share"])]);
  const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
  if (!certificate) return data({ certificate: null, qrSvg: "", token: null, messages }, { status: 404, headers });
  return data({ certificate, qrSvg: await qrCodeSvg(certificate.shareUrl), token, messages }, { headers });
});

export const headers: Route.HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function SharedCertificate({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { certificate, qrSvg, token } = loaderData;
  if (!certificate || !token) {
    return (
      <div className="stack narrow">
        <h1>{t("share.invalid_heading")}</h1>
        <p>{t("share.invalid_body")}</p>
      </div>
    );
  }
  return (
    <div className="stack certificate-view">
      <p className="no-print">
        <a href={sharePath(token)}>{t("share.back_to_share")}</a>
      </p>
      <p className="no-print hint">{t("share.print_hint")}</p>
      <Certificate
        facts={certificate.credential.facts}
        revoked={certificate.credential.revoked}
        qrSvg={qrSvg}
        qrUrl={certificate.shareUrl}
        qrKind="share"
        name={certificate.name}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
