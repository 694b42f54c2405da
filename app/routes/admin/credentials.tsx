import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/credentials";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField, TextAreaField, type FormResultLike } from "#app/components/forms.tsx";
import {
  CREDENTIAL_STATES,
  listCredentialsForAdmin,
  listIssuerKeysForAdmin,
  parseCredentialFilter,
} from "#app/modules/credentials/admin-queries.server.ts";
import { MarkKeyCompromisedSchema, RevokeCredentialSchema, RotateKeySchema } from "#app/modules/credentials/admin-schemas.ts";
import { markKeyCompromised } from "#app/modules/credentials/mark-key-compromised.server.ts";
import { revokeCredential } from "#app/modules/credentials/revoke-credential.server.ts";
import { rotateIssuerKey } from "#app/modules/credentials/rotate-issuer-key.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseSubmission, readForm } from "#app/utils/forms.server.ts";
import { numberFormat } from "#app/utils/intl-format.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "credentials_admin.title");

const DONE = ["revoked", "rotated", "compromised"] as const;
type Intent = "revoke" | "rotate" | "compromise";

/** The page's address with the list's filter kept (and `done` when an action succeeded). */
function pagePath(params: URLSearchParams, done?: (typeof DONE)[number]) {
  const filter = parseCredentialFilter(params);
  const query = new URLSearchParams();
  if (filter.course) query.set("course", filter.course);
  if (filter.status) query.set("status", filter.status);
  if (done) query.set("done", done);
  const search = query.toString();
  return `/admin/credentials${search ? `?${search}` : ""}`;
}

/** A moment as the page shows it and a datetime-local input takes it: UTC, to the minute. */
const minuteUtc = (d: Date | string) => new Date(d).toISOString().slice(0, 16);

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const filter = parseCredentialFilter(params);
  // One after the other: a refused read must not leave the other's promise unhandled.
  const list = await listCredentialsForAdmin(actor, filter);
  const keys = await listIssuerKeysForAdmin(actor);
  const done = params.get("done");
  return {
    ...list,
    keys,
    filter: { course: filter.course ?? "", status: filter.status ?? "" },
    states: CREDENTIAL_STATES,
    done: DONE.find((d) => d === done) ?? null,
    // The compromise form's starting value: now, in UTC (the field is read as UTC).
    nowUtc: minuteUtc(new Date()),
    cancelTo: pagePath(params),
    constraints: { revoke: getConstraints(RevokeCredentialSchema), compromise: getConstraints(MarkKeyCompromisedSchema) },
  };
});

/**
 * Three confirmed actions (ADR 015), told apart by `intent`: revoking a credential (with a reason),
 * rotating the signing key, marking a key compromised from a moment (UTC). The first post of each gets
 * `confirmation.required` and the page asks; its Confirm button posts the same values with `confirm=yes`.
 */
export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "revoke":
      return submitForm(parseSubmission(formData, RevokeCredentialSchema), async (input) => {
        await revokeCredential(actor, input);
        return redirect(pagePath(params, "revoked"));
      });
    case "rotate":
      return submitForm(parseSubmission(formData, RotateKeySchema), async (input) => {
        await rotateIssuerKey(actor, input);
        return redirect(pagePath(params, "rotated"));
      });
    case "compromise":
      return submitForm(parseSubmission(formData, MarkKeyCompromisedSchema), async (input) => {
        await markKeyCompromised(actor, input);
        return redirect(pagePath(params, "compromised"));
      });
    default:
      throw new AppError("request.invalid");
  }
});

const INTENTS: readonly Intent[] = ["revoke", "rotate", "compromise"];
const intentOf = (value: unknown): Intent | null => INTENTS.find((i) => i === value) ?? null;

export default function AdminCredentials({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale);
  const navKey = useLocation().key;
  const { credentials, courses, more, keys, filter, states, done, nowUtc, cancelTo, constraints } = loaderData;
  const confirming = pendingConfirmation(actionData);
  // While an action waits for its confirmation, the forms start empty again.
  const result: FormResultLike | undefined = confirming ? undefined : actionData?.result;
  const postedIntent = intentOf(result?.initialValue?.intent);
  const postedId = (name: string) => String(result?.initialValue?.[name] ?? "");
  /** The reply of the form posted for this row (by intent and id), else none. */
  const resultFor = (intent: Intent, idName: string, id: string) =>
    postedIntent === intent && postedId(idName) === id ? result : undefined;
  // A refusal that is not about a field (already revoked, already compromised) is said above the tables.
  const refusal = formState(result);
  const pendingIntent = intentOf(confirming?.values.intent);
  const dash = "—";
  // A moment, UTC to the minute; in its own direction, so that Arabic keeps the date before the time.
  const day = (d: Date | string | null) =>
    d ? (
      <time dateTime={new Date(d).toISOString()} dir="ltr">
        {minuteUtc(d).replace("T", " ")}
      </time>
    ) : (
      dash
    );
  const filtering = Boolean(filter.course || filter.status);

  return (
    <div className="stack">
      <h1>{t("credentials_admin.heading")}</h1>
      <p>{t("credentials_admin.intro")}</p>
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`credentials_admin.done_${done}`)}
        </p>
      ) : null}
      {confirming && pendingIntent ? (
        <ConfirmAction
          pending={confirming}
          heading={t(`credentials_admin.confirm_${pendingIntent}_heading`)}
          confirmLabel={t(`credentials_admin.confirm_${pendingIntent}`)}
          cancelTo={cancelTo}
        >
          {pendingIntent === "revoke" ? (
            <>
              <p>
                <WithUserText
                  message={t("credentials_admin.confirm_revoke_body")}
                  values={{
                    course:
                      credentials.find((c) => c.id === confirming.values.credentialId)?.achievementName ??
                      String(confirming.params.course ?? ""),
                  }}
                />
              </p>
              <p>
                {t("admin.confirm_reason")}: <span dir="auto">{String(confirming.values.reason ?? "")}</span>
              </p>
            </>
          ) : pendingIntent === "rotate" ? (
            <p>{t("credentials_admin.confirm_rotate_body")}</p>
          ) : (
            <p>
              <WithUserText
                message={t("credentials_admin.confirm_compromise_body")}
                values={{
                  key: keys.find((k) => k.id === confirming.values.keyId)?.fragment ?? "",
                  date: String(confirming.values.compromisedAt ?? "").replace("T", " "),
                }}
              />
            </p>
          )}
          <p className="hint">{t("credentials_admin.confirm_undo")}</p>
        </ConfirmAction>
      ) : null}
      {/* A refusal of the whole action (already revoked, already compromised) says why, here; a field's
          message shows by its field, with a summary here. */}
      {refusal.errors.form ? (
        <div className="alert alert-error" role="alert">
          {refusal.errors.form.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </div>
      ) : (
        <FormAlert errors={refusal.errors} />
      )}

      <section className="stack" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">{t("credentials_admin.credentials_heading")}</h2>
        <Form
          method="get"
          className="filter-row"
          role="search"
          aria-label={t("credentials_admin.filter_heading")}
          key={`${filter.course}|${filter.status}`}
        >
          <SelectField name="course" label={t("credentials_admin.col_course")} defaultValue={filter.course}>
            <option value="">{t("credentials_admin.all_courses")}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.slug} ({number.format(c.count)})
              </option>
            ))}
          </SelectField>
          <SelectField name="status" label={t("credentials_admin.col_status")} defaultValue={filter.status}>
            <option value="">{t("admin.all")}</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {t(`credentials_admin.state_${s}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t("admin.filter")}
          </button>
          {filtering ? <Link to="/admin/credentials">{t("credentials_admin.clear_filter")}</Link> : null}
        </Form>
        {credentials.length === 0 ? (
          <p>{filtering ? t("credentials_admin.none_filtered") : t("credentials_admin.none")}</p>
        ) : (
          <table>
            <caption className="visually-hidden">{t("credentials_admin.credentials_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("credentials_admin.col_course")}</th>
                <th scope="col">{t("credentials_admin.col_credential")}</th>
                <th scope="col">{t("credentials_admin.col_issued")}</th>
                <th scope="col">{t("credentials_admin.col_status")}</th>
                <th scope="col">{t("credentials_admin.col_key")}</th>
                <th scope="col">{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((c) => {
                const form = formState(resultFor("revoke", "credentialId", c.id), { constraints: constraints.revoke });
                const name = c.achievementName ?? c.courseSlug;
                const fieldId = `reason-${c.id}`;
                return (
                  <tr key={c.id}>
                    <th scope="row">
                      <span dir="auto">{name}</span>{" "}
                      <code className="hint" dir="ltr">
                        {c.courseSlug}
                      </code>
                    </th>
                    <td data-label={t("credentials_admin.col_credential")}>
                      <code dir="ltr">{c.id}</code>
                    </td>
                    <td data-label={t("credentials_admin.col_issued")} className="nowrap">
                      {day(c.issuedAt)}
                    </td>
                    <td data-label={t("credentials_admin.col_status")}>
                      {c.revokedAt ? (
                        <>
                          <span className="status status-rejected">{t("credentials_admin.state_revoked")}</span>
                          <br />
                          <span className="nowrap">{day(c.revokedAt)}</span>
                          {c.revocationReason ? (
                            <div className="statement" dir="auto">
                              {c.revocationReason}
                            </div>
                          ) : null}
                        </>
                      ) : (
                        <span className="status status-approved">{t("credentials_admin.state_valid")}</span>
                      )}
                    </td>
                    <td data-label={t("credentials_admin.col_key")}>
                      <code dir="ltr">{c.keyFragment ?? dash}</code>
                    </td>
                    <td data-label={t("admin.actions")}>
                      {c.revokedAt ? (
                        dash
                      ) : (
                        <details open={form.submitted}>
                          <summary>
                            {t("credentials_admin.revoke")} <bdi className="visually-hidden">{name}</bdi>
                          </summary>
                          <Form key={navKey} method="post" className="row-form" noValidate>
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="credentialId" value={c.id} />
                            <TextAreaField
                              {...form.field("reason")}
                              id={fieldId}
                              label={t("credentials_admin.revoke_reason")}
                              hint={t("credentials_admin.revoke_reason_hint")}
                              rows={3}
                            />
                            <button type="submit" className="button button-danger">
                              {t("credentials_admin.revoke_button")} <bdi className="visually-hidden">{name}</bdi>
                            </button>
                          </Form>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {more ? <p className="hint">{t("credentials_admin.more", { limit: credentials.length })}</p> : null}
      </section>

      <section className="stack" aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t("credentials_admin.keys_heading")}</h2>
        <p>{t("credentials_admin.keys_intro")}</p>
        {keys.length === 0 ? (
          <p>{t("credentials_admin.no_keys")}</p>
        ) : (
          <table>
            <caption className="visually-hidden">{t("credentials_admin.keys_heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("credentials_admin.col_fragment")}</th>
                <th scope="col">{t("credentials_admin.col_status")}</th>
                <th scope="col">{t("credentials_admin.col_created")}</th>
                <th scope="col">{t("credentials_admin.col_signed")}</th>
                <th scope="col">{t("admin.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => {
                const form = formState(resultFor("compromise", "keyId", k.id), {
                  defaults: { compromisedAt: nowUtc },
                  constraints: constraints.compromise,
                });
                return (
                  <tr key={k.id}>
                    <th scope="row">
                      <code className="nowrap" dir="ltr">
                        {k.fragment}
                      </code>
                    </th>
                    <td data-label={t("credentials_admin.col_status")}>
                      <span
                        className={`status ${k.status === "current" ? "status-approved" : k.status === "compromised" ? "status-rejected" : ""}`}
                      >
                        {t(`credentials_admin.key_state_${k.status}`)}
                      </span>
                      {/* Its dates beside the status: the table stays within the page on a laptop. */}
                      {k.retiredAt ? (
                        <span className="hint">
                          <br />
                          {t("credentials_admin.col_retired")}: <span className="nowrap">{day(k.retiredAt)}</span>
                        </span>
                      ) : null}
                      {k.compromisedAt ? (
                        <span className="hint">
                          <br />
                          {t("credentials_admin.col_compromised")}: <span className="nowrap">{day(k.compromisedAt)}</span>
                        </span>
                      ) : null}
                    </td>
                    <td data-label={t("credentials_admin.col_created")} className="nowrap">
                      {day(k.createdAt)}
                    </td>
                    <td data-label={t("credentials_admin.col_signed")}>{number.format(k.credentials)}</td>
                    <td data-label={t("admin.actions")}>
                      {k.status === "compromised" ? (
                        dash
                      ) : (
                        <details open={form.submitted}>
                          <summary>
                            {t("credentials_admin.compromise")}{" "}
                            <bdi className="visually-hidden" dir="ltr">
                              {k.fragment}
                            </bdi>
                          </summary>
                          <Form key={navKey} method="post" className="row-form" noValidate>
                            <input type="hidden" name="intent" value="compromise" />
                            <input type="hidden" name="keyId" value={k.id} />
                            <Field
                              {...form.field("compromisedAt")}
                              id={`compromised-${k.id}`}
                              type="datetime-local"
                              max={nowUtc}
                              label={t("credentials_admin.compromised_at")}
                              hint={t("credentials_admin.compromised_at_hint")}
                            />
                            <button type="submit" className="button button-danger">
                              {t("credentials_admin.compromise_button")}{" "}
                              <bdi className="visually-hidden" dir="ltr">
                                {k.fragment}
                              </bdi>
                            </button>
                          </Form>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Form method="post" className="panel form" aria-labelledby="rotate-heading">
          <h3 id="rotate-heading">{t("credentials_admin.rotate_heading")}</h3>
          <p className="hint">{t("credentials_admin.rotate_hint")}</p>
          <input type="hidden" name="intent" value="rotate" />
          <div className="actions">
            <button type="submit" className="button">
              {t("credentials_admin.rotate")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
