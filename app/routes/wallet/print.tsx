// /wallet/:credentialId/print: the certificate of one of the learner's credentials, to print (A4 or
// Letter, one page). It names no one: its QR code opens the public verification page of the credential.
// A name on paper is only ever what a share chose (/s/:token/print).
import { Link } from "react-router";
import type { Route } from "./+types/print";
import { Certificate } from "#app/components/credentials/certificate.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { qrCodeSvg } from "#app/modules/credentials/qr.server.ts";
import { credentialIdParam, getWalletCertificate } from "#app/modules/credentials/wallet.server.ts";
import { verifyPathFor, walletCredentialPath } from "#app/modules/credentials/wallet-paths.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import walletCss from "#app/styles/wallet.css?url";
import { getEnv } from "#app/utils/env.server.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { route } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: walletCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "share.cert_title");

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const credentialId = credentialIdParam(params.credentialId);
  const actor = await requireUser(request);
  const { credential } = await getWalletCertificate(actor, credentialId);
  const origin = getEnv().APP_ORIGIN;
  const qrUrl = credential.url ? `${origin}${verifyPathFor(credential.url)}` : `${origin}/verify`;
  return {
    credential,
    qrUrl,
    qrSvg: await qrCodeSvg(qrUrl),
    messages: await pageMessages(request, ["share"]),
  };
});

export default function WalletCertificate({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { credential, qrSvg, qrUrl } = loaderData;
  return (
    <div className="stack certificate-view">
      <p className="no-print">
        <Link to={walletCredentialPath(credential.id)}>{t("share.back_to_credential")}</Link>
      </p>
      <p className="no-print hint">{t("share.print_hint")}</p>
      <Certificate facts={credential} revoked={credential.status === "revoked"} qrSvg={qrSvg} qrUrl={qrUrl} qrKind="verify" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
