import { Form, redirect } from "react-router";
import type { Route } from "./+types/organisations";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, SelectField } from "#app/components/forms.tsx";
import { createOrganisation, listOrganisations } from "#app/modules/identity/organisations.server.ts";
import { OrganisationSchema } from "#app/modules/identity/schemas.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { badForm, parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "admin.organisations_title");

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:organisation:any");
  return { organisations: await listOrganisations() };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "create:organisation:any");
  const parsed = parseForm(await readForm(request), OrganisationSchema);
  if (!parsed.ok) return badForm(parsed);
  await createOrganisation({ actorId: user.id, kind: parsed.data.kind, name: parsed.data.name });
  return redirect("/admin/organisations");
}

export default function Organisations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const errors = actionData?.errors;
  return (
    <div className="stack">
      <h1>{t("admin.organisations_heading")}</h1>
      <section className="panel" aria-labelledby="new-org">
        <h2 id="new-org">{t("admin.new_organisation")}</h2>
        <FormAlert errors={errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="create-organisation" />
          <SelectField
            name="kind"
            label={t("field.org_kind")}
            defaultValue={actionData?.values?.kind ?? ""}
            errors={errors?.kind}
          >
            <option value="">{t("form.choose")}</option>
            <option value="ngo">{t("org_kind.ngo")}</option>
            <option value="sponsor">{t("org_kind.sponsor")}</option>
            <option value="institution">{t("org_kind.institution")}</option>
          </SelectField>
          <Field
            name="name"
            label={t("field.org_name")}
            required
            maxLength={120}
            defaultValue={actionData?.values?.name ?? ""}
            errors={errors?.name}
          />
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
              <td>{o.name}</td>
              <td>{t(`org_kind.${o.kind}`)}</td>
              <td>{o._count.memberships}</td>
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
