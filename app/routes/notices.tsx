import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/notices";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState } from "#app/components/forms.tsx";
import { MarkNoticesReadSchema } from "#app/modules/identity/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { listNotices, markNoticesRead } from "#app/utils/mailer.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { pageMessages } from "#app/utils/page-messages.server.ts";
import { dateFormat } from "#app/utils/intl-format.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "notices.title");

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const notices = await listNotices(actor);
  return {
    notices: notices.map((n) => ({ id: n.id, path: n.path, read: n.readAt !== null, at: n.createdAt.toISOString() })),
    marked: new URL(request.url).searchParams.get("marked") === "1",
    messages: await pageMessages(request, ["notices"]),
  };
});

export const action = route(async ({ request }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const submission = await readSubmission(request, MarkNoticesReadSchema);
  return submitForm(submission, async () => {
    await markNoticesRead(actor);
    return redirect("/notices?marked=1", 303);
  });
});

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

export default function Notices({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const date = dateFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const { notices } = loaderData;
  const unread = notices.some((n) => !n.read);
  return (
    <section className="narrow stack" aria-labelledby="notices-heading">
      <h1 id="notices-heading">{t("notices.title")}</h1>
      <p>{t("notices.intro")}</p>
      {loaderData.marked ? (
        <p className="alert alert-info" role="status">
          {t("notices.marked")}
        </p>
      ) : null}
      <FormAlert errors={formState(actionData?.result).errors} />
      {notices.length === 0 ? (
        <p>{t("notices.none")}</p>
      ) : (
        <ul className="notice-list">
          {notices.map((n) => (
            <li key={n.id} className="panel">
              <p>
                {n.read ? null : <strong className="badge">{t("notices.unread")}</strong>} {t("notices.item")}{" "}
                <Link to={n.path}>{t("notices.open")}</Link>
              </p>
              <p className="hint">{t("notices.received", { date: date.format(new Date(n.at)) })}</p>
            </li>
          ))}
        </ul>
      )}
      {unread ? (
        <Form method="post">
          <button type="submit" name="read" value="all" className="button">
            {t("notices.mark_read")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
