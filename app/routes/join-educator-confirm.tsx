import { redirect } from "react-router";
import type { Route } from "./+types/join-educator-confirm";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { LinkConfirmPage } from "#app/components/link-confirm.tsx";
import { confirmApplication } from "#app/modules/educators/confirm-application.server.ts";
import { requireOpenEmailedLink } from "#app/modules/identity/queries.server.ts";
import { ConfirmLinkSchema } from "#app/modules/identity/schemas.ts";
import { readSubmission } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "join_confirm.title");

/** Shows the button; changes nothing (mail scanners open links). */
export const loader = route(async ({ params }: Route.LoaderArgs) => {
  await requireOpenEmailedLink(params.token, "educator_application");
  return { open: true };
});

export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const submission = await readSubmission(request, ConfirmLinkSchema);
  return submitForm(submission, async () => {
    const { cookie } = await confirmApplication({}, { token: params.token });
    return redirect("/teach", { status: 303, headers: { "Set-Cookie": cookie } });
  });
});

export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "no-store" });

export default function JoinEducatorConfirm({ actionData }: Route.ComponentProps) {
  const t = useT();
  return (
    <LinkConfirmPage
      heading={t("join_confirm.heading")}
      intro={t("join_confirm.application_intro")}
      submit={t("join_confirm.submit")}
      result={actionData?.result}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
