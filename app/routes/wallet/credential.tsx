// /wallet/:credentialId: one of the learner's credentials (issue 9, item 6): what it says, its signed JSON,
// its certificate, and its share links: each for one audience, with an expiry and the name it shows,
// views counted, withdrawn with one plain post. A new link is shown once, in the answer to its post (only
// its hash is stored). Another learner's credential is "not found"; other roles get 403.
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/credential";
import { WithUserText } from "#app/components/bidi.tsx";
import { CredentialDetails, useCredentialFormat } from "#app/components/credentials/credential-details.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FieldErrors, FormAlert, formState, type FormResultLike } from "#app/components/forms.tsx";
import { createShareLink } from "#app/modules/credentials/create-share-link.server.ts";
import { revokeShareLink } from "#app/modules/credentials/revoke-share-link.server.ts";
import { CreateShareLinkSchema, CredentialPageSchema } from "#app/modules/credentials/schemas.ts";
import { SHARE_EXPIRY_DAYS, SHARE_MAX_DAYS } from "#app/modules/credentials/share-rules.ts";
import { credentialIdParam, getWalletCredential } from "#app/modules/credentials/wallet.server.ts";
import {
  WALLET_PATH,
  walletCredentialJsonPath,
  walletCredentialPath,
  walletCredentialPrintPath,
} from "#app/modules/credentials/wallet-paths.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import walletCss from "#app/styles/wallet.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { walletPageMessages } from "#app/routes/wallet/messages.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: walletCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "wallet.credential_title");

const DAY_MS = 86_400_000;

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const credentialId = credentialIdParam(params.credentialId);
  const actor = await requireUser(request);
  const now = new Date();
  const page = await getWalletCredential(actor, credentialId, now);
  const today = now.toISOString().slice(0, 10);
  const notice = new URL(request.url).searchParams.get("revoked");
  return {
    ...page,
    constraints: getConstraints(CreateShareLinkSchema),
    // The date input's range: today (UTC) to a year ahead, as the operation accepts.
    dateRange: {
      min: today,
      max: new Date(Date.parse(`${today}T00:00:00Z`) + SHARE_MAX_DAYS * DAY_MS).toISOString().slice(0, 10),
    },
    notice: notice === "1" ? ("revoked" as const) : notice === "already" ? ("already_revoked" as const) : null,
    messages: await walletPageMessages(request),
  };
});

/** Create a share (answered with its link, shown once) or withdraw one (303 back here). */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const credentialId = credentialIdParam(params.credentialId);
  const actor = await requireUser(request);
  const submission = await readSubmission(request, CredentialPageSchema);
  return submitForm(submission, async (input) => {
    if (input.intent === "revoke") {
      const result = await revokeShareLink(actor, { shareId: input.shareId, credentialId });
      return redirect(`${walletCredentialPath(credentialId)}?revoked=${result.revoked ? "1" : "already"}`, 303);
    }
    const created = await createShareLink(actor, { ...input, credentialId });
    // The link exists only in this answer: never stored by the browser or a cache.
    return data(
      { created: { url: created.url, expiresAt: created.expiresAt, audience: input.audience } },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
});

type Page = Route.ComponentProps["loaderData"];

function CreatedLink({ created }: { created: { url: string; expiresAt: Date | string; audience: string } }) {
  const t = useT();
  const format = useCredentialFormat();
  return (
    <section className="alert alert-info stack share-created" role="status" aria-labelledby="created-heading">
      <h2 id="created-heading">{t("wallet.created_heading")}</h2>
      <p>
        <WithUserText message={t("wallet.created_for")} values={{ audience: created.audience }} />{" "}
        {t("wallet.created_until", { date: format.moment(created.expiresAt) })}
      </p>
      <p>
        <label htmlFor="created-url">{t("wallet.created_url_label")}</label>
      </p>
      <input id="created-url" className="share-url" type="text" readOnly value={created.url} dir="ltr" />
      <p className="hint">{t("wallet.created_once")}</p>
    </section>
  );
}

function ShareList({ shares, credentialId }: { shares: Page["shares"]; credentialId: string }) {
  const t = useT();
  const format = useCredentialFormat();
  if (shares.length === 0) return <p>{t("wallet.no_shares")}</p>;
  return (
    <table className="share-table">
      <caption className="visually-hidden">{t("wallet.shares_caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("wallet.share_audience")}</th>
          <th scope="col">{t("wallet.share_state")}</th>
          <th scope="col">{t("wallet.share_expires")}</th>
          <th scope="col">{t("wallet.share_name")}</th>
          <th scope="col">{t("wallet.share_views")}</th>
          <th scope="col">{t("wallet.share_last_viewed")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("wallet.share_actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((s) => (
          <tr key={s.id}>
            <th scope="row" dir="auto" id={`share-${s.id}`}>
              {s.audience}
            </th>
            <td data-label={t("wallet.share_state")}>
              <span className={`badge share-${s.state}`}>{t(`wallet.share_state_${s.state}`)}</span>
            </td>
            <td data-label={t("wallet.share_expires")}>{format.moment(s.expiresAt)}</td>
            <td data-label={t("wallet.share_name")}>
              {t(`wallet.name_${s.nameShown}`)}
              {s.nameHidden ? <span className="hint"> {t("wallet.name_legal_withdrawn")}</span> : null}
            </td>
            <td data-label={t("wallet.share_views")}>{t("wallet.views", { count: s.viewCount })}</td>
            <td data-label={t("wallet.share_last_viewed")}>
              {s.lastViewedAt ? format.moment(s.lastViewedAt) : t("wallet.never")}
            </td>
            <td data-label="">
              {s.state === "revoked" ? null : (
                <Form method="post" action={walletCredentialPath(credentialId)} className="inline-form">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="shareId" value={s.id} />
                  <button type="submit" className="button-small" aria-describedby={`share-${s.id}`}>
                    {t("wallet.revoke")}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateShareForm({ page, reply }: { page: Page; reply: FormResultLike | undefined }) {
  const t = useT();
  const location = useLocation();
  const form = formState(reply, { defaults: { expiresIn: "30", nameShown: "none" }, constraints: page.constraints });
  const expiresIn = form.value("expiresIn");
  const nameShown = form.value("nameShown");
  const choice = (group: string, value: string, label: ReactNode, checked: boolean, extra?: ReactNode) => (
    <div className="field checkbox" key={value}>
      <input
        type="radio"
        id={`f-${group}-${value}`}
        name={group}
        value={value}
        defaultChecked={checked}
        aria-describedby={form.errorsOf(group) ? `f-${group}-error` : undefined}
      />
      <label htmlFor={`f-${group}-${value}`}>{label}</label>
      {extra}
    </div>
  );
  return (
    <section className="panel stack" aria-labelledby="create-heading">
      <h2 id="create-heading">{t("wallet.create_heading")}</h2>
      <p>{t("wallet.create_intro")}</p>
      <FormAlert errors={form.errors} />
      <Form method="post" className="form" noValidate key={location.key}>
        <input type="hidden" name="intent" value="create" />
        <Field
          {...form.field("audience")}
          label={t("wallet.audience_label")}
          hint={t("wallet.audience_hint")}
          autoComplete="off"
        />
        <fieldset className="field">
          <legend>{t("wallet.expiry_legend")}</legend>
          {SHARE_EXPIRY_DAYS.map((days) =>
            choice("expiresIn", days, t("wallet.expiry_days", { count: Number(days) }), expiresIn === days),
          )}
          {choice("expiresIn", "date", t("wallet.expiry_date_choice"), expiresIn === "date")}
          <FieldErrors id="f-expiresIn-error" errors={form.errorsOf("expiresIn")} />
          <Field
            {...form.field("expiresOn")}
            label={t("wallet.expiry_date_label")}
            hint={t("wallet.expiry_date_hint")}
            type="date"
            min={page.dateRange.min}
            max={page.dateRange.max}
          />
        </fieldset>
        <fieldset className="field">
          <legend>{t("wallet.name_legend")}</legend>
          <p className="hint">{t("wallet.name_hint")}</p>
          {choice("nameShown", "none", t("wallet.name_choice_none"), nameShown === "none")}
          {choice(
            "nameShown",
            "display",
            <WithUserText message={t("wallet.name_choice_display")} values={{ name: page.displayName }} />,
            nameShown === "display",
          )}
          {page.legalNameAvailable ? (
            choice("nameShown", "legal", t("wallet.name_choice_legal"), nameShown === "legal")
          ) : (
            <p className="hint">
              {t("wallet.name_legal_unavailable")} <a href="/settings">{t("wallet.to_settings")}</a>
            </p>
          )}
          <FieldErrors id="f-nameShown-error" errors={form.errorsOf("nameShown")} />
        </fieldset>
        <button type="submit" className="button">
          {t("wallet.create_submit")}
        </button>
      </Form>
    </section>
  );
}

export default function WalletCredential({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { credential, shares, notice } = loaderData;
  const created = actionData && "created" in actionData ? actionData.created : null;
  const reply = actionData && "result" in actionData ? actionData.result : undefined;
  return (
    <div className="stack wallet">
      <p>
        <Link to={WALLET_PATH}>{t("wallet.back")}</Link>
      </p>
      <h1>{t("wallet.credential_heading")}</h1>
      {created ? <CreatedLink created={created} /> : null}
      {notice ? (
        <p className="alert alert-info" role="status">
          {t(`wallet.notice_${notice}`)}
        </p>
      ) : null}
      {credential.status === "revoked" ? (
        <p className="alert alert-error" role="status">
          {t("wallet.revoked_notice")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("wallet.details_heading")}</h2>
        <CredentialDetails facts={credential}>
          <dt>{t("wallet.status_col")}</dt>
          <dd>
            <span className={`badge status-${credential.status}`}>{t(`wallet.status_${credential.status}`)}</span>
          </dd>
        </CredentialDetails>
        <ul className="wallet-actions">
          <li>
            <a className="button" href={walletCredentialJsonPath(credential.id)} download>
              {t("wallet.download_json")}
            </a>
          </li>
          <li>
            <a className="button button-secondary" href={walletCredentialPrintPath(credential.id)}>
              {t("wallet.print")}
            </a>
          </li>
        </ul>
        <p className="hint">{t("wallet.download_hint")}</p>
      </section>
      <section className="panel stack" aria-labelledby="shares-heading">
        <h2 id="shares-heading">{t("wallet.shares_heading")}</h2>
        <p>{t("wallet.shares_intro")}</p>
        <ShareList shares={shares} credentialId={credential.id} />
      </section>
      {credential.status === "valid" ? (
        <CreateShareForm page={loaderData} reply={reply} />
      ) : (
        <>
          <FormAlert errors={formState(reply).errors} />
          <p className="hint">{t("wallet.revoked_no_share")}</p>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
