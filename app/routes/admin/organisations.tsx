import { Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/organisations";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, SelectField } from "#app/components/forms.tsx";
import { createOrganisation } from "#app/modules/identity/create-organisation.server.ts";
import { listOrganisations } from "#app/modules/identity/queries.server.ts";
import { CreateOrganisationSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.organisations_title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const created = new URL(request.url).searchParams.get("done") === "created";
  return { organisations: await listOrganisations(actor), created, constraints: getConstraints(CreateOrganisationSchema) };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, CreateOrganisationSchema);
  return submitForm(submission, async (input) => {
    // A name that differs from another only in case, accents, punctuation or spacing is refused on the
    // name field (409 `organisation.name_taken`), and the form shows what was typed with the message.
    await createOrganisation(actor, input);
    return redirect("/admin/organisations?done=created");
  });
});

export default function Organisations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const location = useLocation();
  const form = formState(actionData?.result, { constraints: loaderData.constraints });
  return (
    <div className="stack">
      <h1>{t("admin.organisations_heading")}</h1>
      {loaderData.created ? (
        <p className="alert alert-info" role="status">
          {t("admin.organisation_created")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="new-org">
        <h2 id="new-org">{t("admin.new_organisation")}</h2>
        <FormAlert errors={form.errors} />
        <Form method="post" className="form" noValidate key={location.key}>
          <input type="hidden" name="intent" value="create-organisation" />
          <SelectField {...form.field("kind")} label={t("field.org_kind")}>
            <option value="">{t("form.choose")}</option>
            <option value="ngo">{t("org_kind.ngo")}</option>
            <option value="sponsor">{t("org_kind.sponsor")}</option>
            <option value="institution">{t("org_kind.institution")}</option>
          </SelectField>
          <Field {...form.field("name")} label={t("field.org_name")} hint={t("admin.org_name_hint")} />
          <button type="submit" className="button">
            {t("admin.create")}
          </button>
        </Form>
      </section>
      <table>
        <caption>{t("admin.organisations_heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("field.org_name")}</th>
            <th scope="col">{t("field.org_kind")}</th>
            <th scope="col">{t("admin.members")}</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.organisations.map((o) => (
            <tr key={o.id}>
              <td data-label={t("field.org_name")} dir="auto">
                {o.name}
              </td>
              <td data-label={t("field.org_kind")}>{t(`org_kind.${o.kind}`)}</td>
              <td data-label={t("admin.members")}>{o._count.memberships}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
